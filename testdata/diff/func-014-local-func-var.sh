# function sees caller's positional via args only
f() { echo "f: $1"; }
set -- script-arg
f func-arg
f
g() { f "$@"; }
g passed
