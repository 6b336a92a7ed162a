# "$*" joins with the first IFS character
set -- a b c
IFS=',;'
echo "$*"
IFS=' '
echo "$*"
f() { local IFS=/; echo "$*"; }
f x y z
echo "$*"
