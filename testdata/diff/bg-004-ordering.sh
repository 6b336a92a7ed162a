# several background jobs; their output is sorted since the order races
for i in 3 1 2; do ( sleep 0.0$i; echo "job $i" ) & done | sort
wait
echo end
( echo bg-in-group; ) & wait $!
echo "wait status $?"
