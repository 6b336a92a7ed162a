#!/usr/bin/env ipsh
# reload.sh CONFIG — a daemon that rereads CONFIG (shell assignments:
# greeting=..., port=...) on SIGHUP without restarting, and ends on SIGTERM.
# It holds the pidfile RELOAD_PIDFILE (default /tmp/reload-UID.pid) while it
# runs, so that `pidfile signal "$RELOAD_PIDFILE" HUP` finds it; the session
# removes the pidfile when it ends.
conf=${1:?usage: reload.sh CONFIG}
pidf=${RELOAD_PIDFILE:-/tmp/reload-$(id -u).pid}
load() {
	greeting= port=
	. "$conf" && echo "$1 greeting=$greeting port=$port"
}
trap 'load "HUP: reloaded"' HUP
trap 'kill $! 2>/dev/null; echo "TERM: exiting"; exit 0' TERM
pidfile create "$pidf" || exit 1
load "pid $$: loaded" || exit 1
while :; do
	sleep 3600 &
	wait $! # returns at once, after the trap, when a trapped signal arrives
	kill $! 2>/dev/null
done
