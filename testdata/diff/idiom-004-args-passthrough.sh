# passing "$@" through wrappers preserves arguments
inner() { printf '<%s>' "$@"; echo; }
wrapper() { inner "$@"; }
bad_wrapper() { inner $*; }
wrapper 'a b' '' c
bad_wrapper 'a b' '' c
arr=('x y' z)
wrapper "${arr[@]}" extra
