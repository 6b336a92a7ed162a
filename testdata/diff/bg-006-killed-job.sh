# wait reports 128+signal for a killed job
sleep 5 &
p=$!
kill -TERM $p
wait $p; echo "status $?"
sleep 5 & p=$!; kill -KILL $p; wait $p; echo "status $?"
