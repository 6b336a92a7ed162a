# wait on a non-child pid is an error status 127
wait 999999 2>/dev/null; echo "status $?"
wait; echo "nothing to wait: $?"
( exit 4 ) & p=$!
wait $p; wait $p 2>/dev/null; echo "second wait: $?"
