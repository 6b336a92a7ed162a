#!/usr/bin/env ipsh
# echo-server.sh [PORT [COUNT]]: an iterative TCP echo server on 127.0.0.1.
# It serves one client at a time and sends back every byte it receives.
# PORT 0 lets the kernel choose; COUNT stops after that many clients
# (default: serve forever). The first line of output is the address.

port=${1:-7007}
count=${2:-0}
sock listen -v l -a addr "tcp:127.0.0.1:$port" || exit
echo "echo-server: listening on $addr"
n=0
while [ "$count" -eq 0 ] || [ "$n" -lt "$count" ]; do
	sock accept -v c -p peer "$l" || break
	n=$((n + 1))
	echo "echo-server: client $n from $peer" >&2
	# The socket itself is cat's stdin and stdout: the shell copies nothing.
	cat <&"$c" >&"$c"
	exec {c}>&-
done
exec {l}>&-
