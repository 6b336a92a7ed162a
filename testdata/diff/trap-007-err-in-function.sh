# ERR trap and set -E (errtrace) with functions
trap 'echo "ERR at status $?"' ERR
f() { false; echo "in f after false"; }
f
set -E
g() { (exit 6); echo "in g"; }
g
