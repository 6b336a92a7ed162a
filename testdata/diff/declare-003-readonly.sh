# declare -r / readonly prevents assignment
declare -r r=1
( r=2 ) 2>/dev/null; echo "assign status $?"
( unset r ) 2>/dev/null; echo "unset status $?"
readonly s=2
declare -p r s
echo $r $s
