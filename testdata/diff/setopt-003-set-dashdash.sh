# set -- and set - forms
set -- a b c
echo "$# $*"
set --
echo "$#"
set - x y
echo "$# $*"
set -- -e -x
echo "$# $1"
