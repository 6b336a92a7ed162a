# assigning to readonly in loop aborts the command
readonly x=fixed
( for x in a b; do echo $x; done ) 2>/dev/null; echo "status $?"
( x=1 true ) 2>/dev/null; echo "prefix status $?"
echo $x
