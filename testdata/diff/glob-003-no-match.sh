# unmatched glob stays literal; nullglob and failglob
echo nomatch*
shopt -s nullglob
echo "[" nomatch* "]"
set -- nomatch*
echo $#
shopt -u nullglob
shopt -s failglob
( echo nomatch* ) 2>/dev/null
echo "failglob status $?"
