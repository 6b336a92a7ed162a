#!/usr/bin/env ipsh
# poll.sh — fetchmail's daemon pattern with ipsh's pidfile and daemon
# builtins. One script is both the controller and the daemon:
#
#   poll.sh      start the daemon if none is running, else wake it up with
#                SIGUSR1 (it polls at once) and exit
#   poll.sh -q   ask the running daemon to terminate with SIGTERM
#
# The daemon logs each wake-up and removes its pidfile on the way out.
# Settings (absolute paths: the daemon runs in /): POLL_PIDFILE, POLL_LOG,
# POLL_INTERVAL (seconds between polls, default 300), IPSH (the shell that
# runs the daemon, default ipsh).
pidfile=${POLL_PIDFILE:-/tmp/poll-$(id -u).pid}
log=${POLL_LOG:-/tmp/poll-$(id -u).log}
interval=${POLL_INTERVAL:-300}

serve() {
	n=0
	trap 'n=$((n+1)); echo "wake-up $n (USR1)"' USR1
	trap 'kill $! 2>/dev/null; echo "TERM: removing pidfile and exiting"; pidfile remove "$pidfile"; exit 0' TERM
	echo "daemon $$ started"
	while :; do
		sleep "$interval" &
		wait $! # returns at once, after the trap, when a trapped signal arrives
		kill $! 2>/dev/null
	done
}

case $1 in
--serve)
	serve
	;;
-q)
	if pid=$(pidfile read "$pidfile" 2>/dev/null) && pidfile signal "$pidfile" TERM 2>/dev/null; then
		echo "poll: asked daemon $pid to terminate"
	else
		echo "poll: no daemon running" >&2
		exit 1
	fi
	;;
'')
	if pid=$(pidfile read "$pidfile" 2>/dev/null) && pidfile signal "$pidfile" USR1 2>/dev/null; then
		echo "poll: woke daemon $pid"
	else
		script=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
		pid=$(daemon -p "$pidfile" -o "$log" -e "$log" -- "${IPSH:-ipsh}" "$script" --serve) || exit 1
		echo "poll: started daemon $pid"
	fi
	;;
*)
	echo "usage: poll.sh [-q]" >&2
	exit 2
	;;
esac
