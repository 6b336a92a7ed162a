# exec replaces the shell process
( exec echo replaced; echo not-reached )
echo "status $?"
( exec sh -c 'exit 6' ; echo no )
echo "status $?"
