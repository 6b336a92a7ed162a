# "$@" vs "$*" vs $@ vs $* with IFS
set -- 'a b' c '' d
printf '[%s]' "$@"; echo
printf '[%s]' "$*"; echo
printf '[%s]' $@; echo
printf '[%s]' $*; echo
IFS=:
printf '[%s]' "$*"; echo
IFS=
printf '[%s]' "$*"; echo
unset IFS
printf '[%s]' "$*"; echo
