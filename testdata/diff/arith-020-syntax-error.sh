# arithmetic: syntax errors give nonzero status
( x=$(( 1 + )) ) 2>/dev/null
echo "status $?"
( let '1 +' ) 2>/dev/null
echo "status $?"
v='1 +'
( echo $(( v )) ) 2>/dev/null
echo "status $?"
echo done
