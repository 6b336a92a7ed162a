#!/usr/bin/env ipsh
# server.sh SOCKET [PIDFILE]: the Unix-domain "hello" server.
#
# It puts itself in the background and answers each line
#     Hello Server, this is PID.
# with
#     Hello Client PID, this is the Server.
# On SIGINT, SIGQUIT or SIGTERM it removes its socket and exits.
# HELLO_SERVER_LOG names a file for the server's messages (default: none).

path=${1:?usage: server.sh SOCKET [PIDFILE]}
pidfile=${2:-}

if [ "${HELLO_SERVER_DAEMON:-}" != 1 ]; then
	# Fork: run this script again, as a separate process in the background,
	# and let it outlive us. With job control on (set -m), the background
	# process does not start with SIGINT and SIGQUIT ignored, so its traps
	# can catch them.
	set -m
	HELLO_SERVER_DAEMON=1 "${IPSH:-ipsh}" "$0" "$@" </dev/null >>"${HELLO_SERVER_LOG:-/dev/null}" 2>&1 &
	echo "server: started, pid $!"
	disown
	exit 0
fi

# answer reads greetings on its stdin (the connection) and answers each.
answer() {
	local line pid
	while IFS= read -r line; do
		case $line in
		'Hello Server, this is '*.)
			pid=${line#Hello Server, this is }
			pid=${pid%.}
			echo "Hello Client $pid, this is the Server."
			;;
		*)
			echo "I do not understand: $line"
			;;
		esac
	done
}

trap 'rm -f "$path" ${pidfile:+"$pidfile"}; echo "server: signalled, socket removed"; exit 0' INT QUIT TERM
[ -n "$pidfile" ] && echo $$ >"$pidfile"
echo "server: listening on $path"
# Each connection runs answer with the socket as its stdin and stdout.
# SIGTERM also makes sock serve stop accepting and remove the socket.
sock serve -c 16 "unix:$path" -- answer
status=$?
rm -f ${pidfile:+"$pidfile"}
echo "server: stopped ($status)"
exit $status
