# script receives no args in the harness
echo "count: $#"
[ -z "$1" ] && echo "no first arg"
set -- "new args"
echo "$1"
