# default IFS splitting collapses whitespace
s='  a   b	c
d  '
set -- $s
echo $#
printf '[%s]' "$@"; echo
