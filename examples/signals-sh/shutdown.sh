#!/usr/bin/env ipsh
# shutdown.sh [SECONDS] — graceful shutdown: the parent starts a child that
# loops, lets it work for SECONDS (default 5), sends it SIGTERM and waits
# for it; the child's trap says so and exits 0; the parent reports the
# child's status. The child's stdout comes back through a FIFO, which also
# tells the parent that the child's trap is set before the clock starts.
# IPSH is the shell that runs the child (default ipsh).
if [ "$1" = --child ]; then
	trap 'echo "child: caught TERM, cleaning up"; exit 0' TERM
	echo "child: ready"
	while :; do sleep 0.05; done # the work
fi
secs=${1:-5}
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/out" || exit 1
"${IPSH:-ipsh}" "$0" --child >"$dir/out" &
child=$!
exec 3<"$dir/out"
echo "parent: started child $child"
read -r line <&3 && echo "$line"
sleep "$secs"
echo "parent: sending TERM"
kill -TERM "$child"
cat <&3 # the child's last words, until it exits
wait "$child"
echo "parent: child exited with status $?"
