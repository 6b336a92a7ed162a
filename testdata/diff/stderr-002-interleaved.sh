# diff: stderr
# stderr from functions and subshells
warn() { echo "warning: $*" >&2; }
warn first
( echo "subshell err" >&2 )
x=$(echo "subst err" >&2; echo val)
echo "x=$x"
warn last
