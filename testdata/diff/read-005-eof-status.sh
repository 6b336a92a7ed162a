# read returns 1 at EOF, still assigns partial line
printf 'no-newline' | { read -r x; echo "status $? [$x]"; }
printf '' | { read -r x; echo "status $? [$x]"; }
printf 'l1\nl2' > f
while read -r l || [ -n "$l" ]; do echo "got $l"; done < f
