# readonly variables and errors
readonly R=1
( R=2; echo not-reached ) 2>/dev/null; echo "status $?"
readonly -p | grep -w R
readonly A2=(1 2) 2>/dev/null || readonly -a A2=(1 2)
declare -p A2
( unset A2 ) 2>/dev/null; echo "unset status $?"
