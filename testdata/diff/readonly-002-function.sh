# readonly -f prevents function redefinition
f() { echo original; }
readonly -f f
( eval 'f() { echo new; }' ) 2>/dev/null; echo "status $?"
f
readonly -f | grep -c 'f ()'
