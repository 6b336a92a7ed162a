#!/usr/bin/env bash
# bench/ipc/run.sh [-r ROUNDS]: the shm package against its baselines, in
# one run, interleaved: the futex ring against an os.Pipe (64 KiB writes)
# and memcpy, and SysV message round trips against a C program doing the
# same (compiled here with cc). 65536 x 64 KiB = 4 GiB per transfer.
# Prints medians and ratios.
set -euo pipefail
rounds=3
[ "${1:-}" = -r ] && rounds=$2
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/msgpingpong" bench/ipc/msgpingpong.c
go test -c -o "$tmp/shm.test" ./shm
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: >"$tmp/ring" >"$tmp/pipe" >"$tmp/memcpy" >"$tmp/go" >"$tmp/c"
for ((i = 0; i < rounds; i++)); do
	out=$("$tmp/shm.test" -test.run '^$' -test.bench 'RingTwo|PipeTwo|Memcpy$|MsgRoundTrip' -test.benchtime 65536x 2>/dev/null)
	awk '/RingTwoProcesses/ {print $(NF-1)}' <<<"$out" >>"$tmp/ring"
	awk '/PipeTwoProcesses/ {print $(NF-1)}' <<<"$out" >>"$tmp/pipe"
	awk '/Memcpy\/ring1M/ {print $(NF-1)}' <<<"$out" >>"$tmp/memcpy"
	awk '/MsgRoundTrip/ {print $3}' <<<"$out" >>"$tmp/go"
	"$tmp/msgpingpong" 100000 >>"$tmp/c"
done
ring=$(median <"$tmp/ring") pipe=$(median <"$tmp/pipe") mem=$(median <"$tmp/memcpy")
gomsg=$(median <"$tmp/go") cmsg=$(median <"$tmp/c")
printf '%-34s %12s\n' "ring, 2 processes (MB/s)" "$ring" "os.Pipe, 64 KiB writes (MB/s)" "$pipe" "memcpy 64 KiB over 1 MiB (MB/s)" "$mem"
printf '%-34s %12s\n' "SysV msg round trip, Go (ns)" "$gomsg" "SysV msg round trip, C (ns)" "$cmsg"
awk -v r="$ring" -v p="$pipe" -v m="$mem" -v g="$gomsg" -v c="$cmsg" 'BEGIN {
	printf "ring/pipe %.2f (target >= 2), memcpy/ring %.2f (target <= 2), Go/C msg %.2f (target <= 1.2)\n", r/p, m/r, g/c }'
