#!/usr/bin/env ipsh
# Two coprocesses at once, feeding each other: PING adds one to each
# number it reads, PONG doubles it; cat, started with PING's output as its
# stdin and PONG's input as its stdout, carries numbers from PING to PONG,
# and the shell carries them back from PONG to PING.
coproc PING { while read -r n; do echo $((n + 1)); done; }
coproc PONG { while read -r n; do echo $((n * 2)); done; }
cat <&${PING[0]} >&${PONG[1]} &
carrier=$!
n=0
while ((n < 100)); do
	echo "$n" >&${PING[1]}
	read -r -u ${PONG[0]} n
	echo "$n"
done
coprocs | awk 'NR > 1 {print $1, $3, $4}'
# The carrier reads PING's pty directly: stop it before the coprocesses
# end, or it reports the pty's EIO when PING's side closes.
kill $carrier
wait $carrier 2>/dev/null || true # 143: killed
