# set -u with $@ $* and arrays
set -u
set --
echo "[$@]" "[$*]" "$#"
a=()
echo "${#a[@]}"
( echo "${a[0]}" ) 2>/dev/null; echo "elem status $?"
( echo "$1" ) 2>/dev/null; echo "positional status $?"
