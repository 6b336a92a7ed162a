#!/usr/bin/env ipsh
# fd-server.sh PATH FILE [COUNT]: hand an open FILE to every client that
# connects to the Unix socket PATH (SCM_RIGHTS). A client can then read
# FILE even if it could not open it itself: what it gets is the open file,
# not the name. COUNT stops after that many clients.

path=${1:?usage: fd-server.sh PATH FILE [COUNT]}
file=${2:?usage: fd-server.sh PATH FILE [COUNT]}
[ -r "$file" ] || { echo "fd-server: cannot read $file" >&2; exit 1; }
# For each connection, fd 0 is the socket. The file is opened afresh for
# each client: a passed fd shares its offset with ours, so one client
# reading to the end would leave nothing for the next.
give() {
	local f
	exec {f}<"$file" || return
	sock sendfd -u 0 "$f"
}
echo "fd-server: passing $file on $path"
sock serve -m 0666 -n "${3:-0}" "unix:$path" -- give
