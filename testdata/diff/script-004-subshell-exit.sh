# exit in subshell only leaves the subshell
( exit 3 )
echo "after subshell: $?"
( echo in; exit 0; echo no )
{ ( exit 1 ); } || echo "group saw failure"
echo "script continues"
