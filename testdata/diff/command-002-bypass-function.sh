# command bypasses functions; builtin forces builtin
echo() { builtin echo "func echo: $*"; }
echo hi
command echo direct
builtin echo via-builtin
unset -f echo
builtin nosuchbuiltin 2>/dev/null; echo "status $?"
