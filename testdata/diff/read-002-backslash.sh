# read without -r processes backslashes
read x <<< 'a\tb\\c\ d'
echo "[$x]"
read -r x <<< 'a\tb\\c\ d'
echo "[$x]"
printf 'line\\\ncontinued\n' | { read x; echo "[$x]"; }
printf 'line\\\ncontinued\n' | { read -r x; echo "[$x]"; }
