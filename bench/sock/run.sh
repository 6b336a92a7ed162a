#!/usr/bin/env bash
# bench/sock/run.sh: ipsh's sockets against socat, in one run.
#
#   throughput   1 GiB from /dev/zero to /dev/null through loopback TCP and
#                through a Unix socket. socat: one socat reading /dev/zero
#                and one writing /dev/null, with -b 131072 (its best) and with
#                its default 8 KiB buffer. ipsh: `sock connect` and
#                `sock serve` hand the socket itself to dd (bs=128k) on each
#                side; the shell copies nothing.
#   round trips  10,000 one-byte request/response round trips over one
#                connection, by a Go client (bench/sock/rtt), against an echo
#                server: `socat ... PIPE`, `sock serve ... -- cat`, and a Go
#                echo server as the baseline.
#
# Each measurement is repeated R times (interleaved) and the median is kept.
# Ratios: throughput ipsh/socat (above 1: ipsh faster); round trip time
# ipsh/socat (below 1: ipsh faster).
#
# Usage: bench/sock/run.sh [-r ROUNDS] [-s SIZE_MIB] [-n ROUNDTRIPS] [IPSH]
set -u

rounds=3
mib=1024
trips=10000
while getopts "r:s:n:h" opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	s) mib=$OPTARG ;;
	n) trips=$OPTARG ;;
	h)
		sed -n '2,22p' "$0"
		exit 0
		;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))

die() { echo "bench/sock/run.sh: $*" >&2; exit 1; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "-r $rounds: want a positive integer"
[[ $mib =~ ^[1-9][0-9]*$ ]] || die "-s $mib: want a positive integer (MiB)"
[[ $trips =~ ^[1-9][0-9]*$ ]] || die "-n $trips: want a positive integer"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || die "cannot find the script's directory"
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/ipsh-bench-sock.XXXXXX) || die "mktemp failed"
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ipsh=${1:-${IPSH:-}}
if [[ -z $ipsh ]]; then
	ipsh=$work/ipsh
	echo "building ipsh: go build -o $ipsh ./cmd/ipsh" >&2
	(cd "$repo" && go build -o "$ipsh" ./cmd/ipsh) || die "build ipsh failed"
fi
[[ -x $ipsh ]] || die "ipsh $ipsh: not an executable file"
(cd "$repo" && go build -o "$work/rtt" ./bench/sock/rtt) || die "build bench/sock/rtt failed"
rtt=$work/rtt

if ! command -v socat >/dev/null; then
	echo "installing socat" >&2
	apt-get install -y socat >/dev/null 2>&1 ||
		{ apt-get update >/dev/null 2>&1 && apt-get install -y socat >/dev/null 2>&1; } ||
		die "socat: not installed and apt-get install failed"
fi
command -v dd >/dev/null || die "dd: not found"

count=$((mib * 8)) # 128 KiB blocks
bytes=$((mib * 1048576))

now() { date +%s%N; }

# free_port prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
}

# listening ADDR: is a TCP port (tcp:127.0.0.1:P) or Unix path listening?
listening() {
	case $1 in
	tcp:*)
		local hex
		hex=$(printf '%04X' "${1##*:}")
		grep -q "^ *[0-9]*: 0100007F:$hex 00000000:0000 0A" /proc/net/tcp
		;;
	unix:*)
		grep -q " ${1#unix:}\$" /proc/net/unix
		;;
	esac
}

wait_listening() {
	local i
	for ((i = 0; i < 1000; i++)); do
		listening "$1" && return 0
		sleep 0.01
	done
	die "server on $1 did not start"
}

# socat address syntax for our ADDR.
socat_listen() { case $1 in tcp:*) echo "TCP-LISTEN:${1##*:},bind=127.0.0.1,reuseaddr" ;; unix:*) echo "UNIX-LISTEN:${1#unix:}" ;; esac; }
socat_connect() { case $1 in tcp:*) echo "TCP:127.0.0.1:${1##*:}" ;; unix:*) echo "UNIX-CONNECT:${1#unix:}" ;; esac; }

new_addr() {
	case $1 in
	tcp) echo "tcp:127.0.0.1:$(free_port)" ;;
	unix) echo "unix:$work/s$RANDOM$RANDOM.sock" ;;
	esac
}

# Throughput runs: print elapsed nanoseconds for moving $bytes.
tp_socat() { # NET BUFFER
	local addr t0 t1 srv
	addr=$(new_addr "$1")
	socat -u -b "$2" "$(socat_listen "$addr")" OPEN:/dev/null,wronly &
	srv=$!
	wait_listening "$addr"
	t0=$(now)
	socat -u -b "$2" OPEN:/dev/zero,readbytes=$bytes "$(socat_connect "$addr")" || die "socat client failed"
	wait "$srv" || die "socat server failed"
	t1=$(now)
	echo $((t1 - t0))
}

tp_ipsh() { # NET
	local addr t0 t1 srv
	addr=$(new_addr "$1")
	"$ipsh" -c 'sock serve -n 1 "$1" -- dd of=/dev/null bs=128k status=none' ipsh "$addr" &
	srv=$!
	wait_listening "$addr"
	t0=$(now)
	"$ipsh" -c 'sock connect -v c "$1" && dd if=/dev/zero bs=128k count="$2" status=none >&$c' ipsh "$addr" "$count" ||
		die "ipsh client failed"
	wait "$srv" || die "ipsh server failed"
	t1=$(now)
	echo $((t1 - t0))
}

# Round trip runs: print mean microseconds per round trip.
rt_socat() { # NET
	local addr srv out
	addr=$(new_addr "$1")
	socat "$(socat_listen "$addr")" PIPE &
	srv=$!
	wait_listening "$addr"
	out=$("$rtt" -n "$trips" "$addr") || die "rtt against socat failed"
	wait "$srv"
	echo "$out"
}

rt_ipsh() { # NET
	local addr srv out
	addr=$(new_addr "$1")
	"$ipsh" -c 'sock serve -n 1 "$1" -- cat' ipsh "$addr" &
	srv=$!
	wait_listening "$addr"
	out=$("$rtt" -n "$trips" "$addr") || die "rtt against ipsh failed"
	wait "$srv" || die "ipsh server failed"
	echo "$out"
}

rt_go() { # NET
	local addr srv out
	addr=$(new_addr "$1")
	"$rtt" -serve "$addr" >/dev/null &
	srv=$!
	wait_listening "$addr"
	out=$("$rtt" -n "$trips" "$addr") || die "rtt against the Go server failed"
	wait "$srv"
	echo "$out"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mibs() { awk -v b="$bytes" -v ns="$1" 'BEGIN {printf "%.0f", b / 1048576 / (ns / 1e9)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo "ipsh: $ipsh"
echo "socat: $(socat -V 2>/dev/null | awk '/socat version/ {print $3; exit}')"
echo "$rounds rounds (median), ${mib} MiB per throughput run, $trips round trips per run, $(nproc) CPUs"
echo

for net in tcp unix; do
	declare -a a_ipsh=() a_best=() a_def=()
	for ((r = 0; r < rounds; r++)); do
		a_ipsh+=("$(tp_ipsh $net)")
		a_best+=("$(tp_socat $net 131072)")
		a_def+=("$(tp_socat $net 8192)")
	done
	i=$(mibs "$(median "${a_ipsh[@]}")")
	b=$(mibs "$(median "${a_best[@]}")")
	d=$(mibs "$(median "${a_def[@]}")")
	printf '%-5s throughput  ipsh %6s MiB/s   socat -b 131072 %6s MiB/s   socat default %6s MiB/s   ipsh/socat-best %s   ipsh/socat-default %s\n' \
		"$net" "$i" "$b" "$d" "$(ratio "$i" "$b")" "$(ratio "$i" "$d")"
done
echo
for net in tcp unix; do
	declare -a r_ipsh=() r_socat=() r_go=()
	for ((r = 0; r < rounds; r++)); do
		r_ipsh+=("$(rt_ipsh $net)")
		r_socat+=("$(rt_socat $net)")
		r_go+=("$(rt_go $net)")
	done
	i=$(median "${r_ipsh[@]}")
	s=$(median "${r_socat[@]}")
	g=$(median "${r_go[@]}")
	printf '%-5s round trip  ipsh %6s us   socat %6s us   Go server %6s us   ipsh/socat %s   ipsh/Go %s\n' \
		"$net" "$i" "$s" "$g" "$(ratio "$i" "$s")" "$(ratio "$i" "$g")"
done
