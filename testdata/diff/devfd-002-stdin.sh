# /dev/stdin as a file argument
echo piped | cat /dev/stdin
cat /dev/stdin <<< 'herestring'
printf 'a\nb\n' | wc -l /dev/stdin | sed 's/ .*//'
read -r x < /dev/stdin <<< 'read from dev stdin'; echo "$x"
