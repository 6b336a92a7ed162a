# non-whitespace IFS characters produce empty fields
IFS=:
s='a::b:c:'
set -- $s
echo $#
printf '[%s]' "$@"; echo
s=':x'
set -- $s
printf '[%s]' "$@"; echo
