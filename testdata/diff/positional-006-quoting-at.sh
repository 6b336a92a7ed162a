# "$@" vs $@ with empty and spaced params
set -- '' 'a b' ''
n() { echo $#; }
n "$@"
n $@
n "$*"
n $*
n "${@}"
