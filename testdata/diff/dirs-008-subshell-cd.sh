# cd in subshell does not affect parent
mkdir sub
( cd sub; echo "in: ${PWD##*/}" )
[ "$PWD" = "$HOME" ] && echo "parent unchanged"
x=$(cd sub && pwd)
echo "${x##*/}"
