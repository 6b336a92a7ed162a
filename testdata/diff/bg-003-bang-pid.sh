# $! is a real pid different from $$
sleep 0.01 &
pid=$!
[ "$pid" -gt 0 ] && [ "$pid" != "$$" ] && echo "pid ok"
kill -0 "$pid" 2>/dev/null; echo "alive-or-gone checked"
wait "$pid"; echo "waited $?"
