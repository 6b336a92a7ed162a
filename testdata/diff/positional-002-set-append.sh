# set -- "$@" x appends
set --
for w in a 'b c' d; do set -- "$@" "$w"; done
echo $#
printf '[%s]' "$@"; echo
set -- "${@:2}"
printf '[%s]' "$@"; echo
set -- "${@:1:$#-1}"
printf '[%s]' "$@"; echo
