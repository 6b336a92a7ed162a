# subshell changes don't leak
x=1
( x=2; cd /; export Y=3; echo "in: $x" )
echo "out: $x [${Y-}]"
[ "$PWD" = "$HOME" ] && echo cwd-same
( set -e; false ); echo "subshell set -e: $?"
[[ $- == *e* ]] || echo e-not-leaked
