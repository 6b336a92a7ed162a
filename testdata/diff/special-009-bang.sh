# $! after background and unchanged by foreground
sleep 0.01 &
a=$!
true
[ "$a" = "$!" ] && echo "unchanged by foreground"
wait
( : ) &
[ "$!" != "$a" ] && echo "updated by new job"
wait
