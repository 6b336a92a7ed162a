# arithmetic: division by zero is an error
( echo $((1 / 0)) ) 2>/dev/null
echo "status $?"
( echo $((5 % 0)) ) 2>/dev/null
echo "status $?"
x=0
( (( 3 / x )) ) 2>/dev/null
echo "status $?"
echo after
