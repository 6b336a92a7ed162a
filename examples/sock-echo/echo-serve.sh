#!/usr/bin/env ipsh
# echo-serve.sh [PORT [COUNT]]: the same echo server, concurrent: sock serve
# runs cat for each connection, at most 8 at once, with the socket as its
# stdin and stdout. COUNT stops it after that many connections.

port=${1:-7007}
count=${2:-0}
sock listen -v l -a addr "tcp:127.0.0.1:$port" || exit
echo "echo-serve: listening on $addr"
sock serve -c 8 -n "$count" -u "$l" -- cat
