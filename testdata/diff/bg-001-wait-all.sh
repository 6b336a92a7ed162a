# background jobs and wait for all (output order fixed by wait, not by timing)
( sleep 0.1; echo slow > slow.out ) &
( echo fast > fast.out ) &
wait
cat fast.out slow.out
echo "all done"
( echo "bg to stdout" ) &
wait
echo "after second wait"
