#!/usr/bin/env ipsh
# client.sh SOCKET: greet the hello server and print its answer.

path=${1:?usage: client.sh SOCKET}
sock connect -t 10 -v fd "unix:$path" || exit
echo "Hello Server, this is $$." >&$fd
if ! IFS= read -r answer <&$fd; then
	echo "client: no answer" >&2
	exit 1
fi
echo "$answer"
exec {fd}>&-
