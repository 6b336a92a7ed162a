# $- reflects set options
[[ $- == *h* ]] && echo "hashall"
[[ $- == *B* ]] && echo "braceexpand"
[[ $- == *i* ]] || echo "not interactive"
set -eu
[[ $- == *e* && $- == *u* ]] && echo "e and u"
set +eu
[[ $- == *e* ]] || echo "e off"
