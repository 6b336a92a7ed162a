# redirecting builtin output and read input
printf '%s\n' a b > lines
read -r first < lines; echo $first
echo builtin > out; cat out
pwd > p; [ "$(cat p)" = "$PWD" ] && echo pwd-redirected
type echo > t; cat t
