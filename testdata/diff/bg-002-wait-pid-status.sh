# wait PID returns that job's status
( exit 7 ) &
p=$!
wait $p; echo "status $?"
sh -c 'exit 3' &
wait $!; echo "status $?"
( sleep 0.05; exit 0 ) &
wait $!; echo "status $?"
