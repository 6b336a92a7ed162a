#!/usr/bin/env bash
# bench/coproc/run.sh: 10,000 line round trips through `coproc cat`
# (write a line, read it back) under ipsh on a pty, ipsh on pipes, bash's
# coproc and expect(1), R rounds each, interleaved; prints the median time
# per round trip and the ratios of the issue-7 targets.
#
# Usage: bench/coproc/run.sh [-n TRIPS] [-r ROUNDS] [IPSH]
# IPSH defaults to $IPSH, else a binary built from ./cmd/ipsh. expect is
# installed with apt-get when missing (Debian's `expect` package).
set -u
n=10000
rounds=3
while getopts "n:r:h" opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) rounds=$OPTARG ;;
	h) sed -n '2,9p' "$0"; exit 0 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
die() { echo "bench/coproc/run.sh: $*" >&2; exit 1; }
[[ $n =~ ^[1-9][0-9]*$ ]] || die "-n $n: want a positive integer"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "-r $rounds: want a positive integer"

ipsh=${1:-${IPSH:-}}
if [[ -z $ipsh ]]; then
	root=$(cd "$(dirname "$0")/../.." && pwd)
	ipsh=/tmp/ipsh-coproc-bench
	(cd "$root" && go build -o "$ipsh" ./cmd/ipsh) || die "cannot build ipsh"
fi
bash=${BASH_BIN:-$(command -v bash)}
if ! command -v expect >/dev/null; then
	echo "installing expect..." >&2
	{ apt-get install -y expect || { apt-get update && apt-get install -y expect; }; } >/dev/null 2>&1 ||
		echo "note: cannot install expect; its column is skipped" >&2
fi

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# The same loop for ipsh and bash: send i, read it back, check it.
cat >"$tmp/loop.sh" <<'SH'
coproc cat
for ((i = 0; i < N; i++)); do
	echo "$i" >&${COPROC[1]}
	read -r -u ${COPROC[0]} l
	[[ $l == "$i" ]] || { echo "bad: $l != $i" >&2; exit 1; }
done
exec {COPROC[1]}>&-
echo ok
SH
sed -i "s/N/$n/" "$tmp/loop.sh"
{ echo 'shopt -s coproc_pipes'; cat "$tmp/loop.sh"; } >"$tmp/loop-pipes.sh"
cat >"$tmp/loop.exp" <<EXP
log_user 0
set timeout 10
set stty_init "raw -echo"
spawn -noecho cat
for {set i 0} {\$i < $n} {incr i} {
	send "\$i\\n"
	expect {
		-ex "\$i\\n" {}
		timeout { puts stderr "timeout at \$i"; exit 1 }
	}
}
close
puts ok
EXP

# run NAME CMD...: time one run, in microseconds, into the NAME array.
declare -A times
run() {
	local name=$1 t0 t1 out
	shift
	t0=$(date +%s%N)
	out=$("$@" 2>&1)
	t1=$(date +%s%N)
	if [[ $out != ok ]]; then
		echo "note: $name failed: $out" >&2
		return
	fi
	times[$name]+="$(((t1 - t0) / 1000)) "
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]}'; }

for ((r = 0; r <= rounds; r++)); do # round 0 is a warm-up
	run ipsh-pty "$ipsh" "$tmp/loop.sh"
	run ipsh-pipes "$ipsh" "$tmp/loop-pipes.sh"
	run bash "$bash" "$tmp/loop.sh"
	command -v expect >/dev/null && run expect expect "$tmp/loop.exp"
	if ((r == 0)); then times=(); fi
done

echo "$n round trips through coproc cat, median of $rounds rounds ($(nproc) CPUs)"
declare -A per
for name in ipsh-pty ipsh-pipes bash expect; do
	m=$(echo "${times[$name]:-}" | median)
	if [[ -z $m ]]; then
		printf '%-12s %10s\n' "$name" -
		continue
	fi
	per[$name]=$(awk -v m="$m" -v n="$n" 'BEGIN {printf "%.1f", m / n}')
	printf '%-12s %8.1f µs per round trip  (%.2f s)\n' "$name" "${per[$name]}" "$(awk -v m="$m" 'BEGIN {print m / 1e6}')"
done
ratio() {
	[[ -n ${per[$1]:-} && -n ${per[$2]:-} ]] || { echo -; return; }
	awk -v a="${per[$1]}" -v b="${per[$2]}" 'BEGIN {printf "%.2f", a / b}'
}
echo "ipsh-pipes / bash   = $(ratio ipsh-pipes bash)   (target <= 1)"
echo "ipsh-pty   / bash   = $(ratio ipsh-pty bash)   (target <= 1.3)"
echo "ipsh-pty   / expect = $(ratio ipsh-pty expect)   (target <= 0.6)"
