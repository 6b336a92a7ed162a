# IFS with both whitespace and non-whitespace
IFS=' ,'
s='a , b,,c  ,d'
set -- $s
echo $#
printf '[%s]' "$@"; echo
