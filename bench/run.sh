#!/usr/bin/env bash
# bench/run.sh: run the issue-2 performance workloads under ipsh, bash and
# dash in one run, interleaved (ipsh bash dash, ipsh bash dash, ...), one
# warm-up round then R measured rounds per workload, and print for each
# workload the median wall time per shell and the medians of the per-round
# ratios ipsh/bash and dash/bash.
#
# Usage: bench/run.sh [-r ROUNDS] [-w LIST] [-s SCALE] [IPSH]
# See bench/README.md.
set -u

usage() {
	cat <<'EOF'
usage: bench/run.sh [-r ROUNDS] [-w LIST] [-s SCALE] [IPSH]
  -r ROUNDS  measured rounds after the warm-up round (default 5)
  -w LIST    comma-separated workload numbers, e.g. 3,4 (default: all, 1-10)
  -s SCALE   multiply every workload size by SCALE, e.g. 0.1 (default 1)
  IPSH       the ipsh binary (default: $IPSH, else built with
             `CGO_ENABLED=0 go build -o /tmp/ipsh-bench ./cmd/ipsh` in the repository:
             a static binary, as installed with the README's command)
Environment: BASH_BIN, DASH_BIN override the bash and dash used.
EOF
}

rounds=5
list=1,2,3,4,5,6,7,8,9,10
scale=1
while getopts "r:w:s:h" opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	w) list=$OPTARG ;;
	s) scale=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

die() { echo "bench/run.sh: $*" >&2; exit 1; }

[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "-r $rounds: want a positive integer"
[[ $scale =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] || die "-s $scale: want a positive number"
[[ $list =~ ^[0-9]+(,[0-9]+)*$ ]] || die "-w $list: want numbers separated by commas"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || die "cannot find the bench directory"
repo=$(dirname "$here")
wdir=$here/workloads

ipsh=${1:-${IPSH:-}}
if [[ -z $ipsh ]]; then
	ipsh=/tmp/ipsh-bench
	echo "building ipsh: CGO_ENABLED=0 go build -o $ipsh ./cmd/ipsh" >&2
	(cd "$repo" && CGO_ENABLED=0 go build -o "$ipsh" ./cmd/ipsh) || die "build ipsh: go build failed"
fi
[[ -x $ipsh ]] || die "ipsh $ipsh: not an executable file"
bashbin=${BASH_BIN:-$(command -v bash)} || die "bash: not found"
dashbin=${DASH_BIN:-$(command -v dash || true)}
[[ -n $dashbin && ! -x $dashbin ]] && dashbin=

# Workload number -> name, base size.
names=([1]="startup, per launch" [2]="spawn /bin/true" [3]="arith while loop"
	[4]="param exp+case+func" [5]="2G through cat|cat|cat" [6]="echo+printf | wc -l"
	[7]="x=\$(echo hi)" [8]="here-doc while read" [9]="echo a | cat loop"
	[10]="cat <(head -c 256M)")
sizes=([1]=200 [2]=2000 [3]=200000 [4]=100000 [5]=2147483648 [6]=100000
	[7]=2000 [8]=100000 [9]=1000 [10]=268435456)

IFS=, read -r -a wanted <<<"$list"
for w in "${wanted[@]}"; do
	[[ -n ${names[10#$w]:-} ]] || die "-w: no workload $w (1-10)"
done

tmp=$(mktemp -d /tmp/ipsh-bench.XXXXXX) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# scaled N: size N scaled by $scale, at least 1.
scaled() { awk -v n="$1" -v s="$scale" 'BEGIN { v = int(n * s + 0.5); if (v < 1) v = 1; printf "%d\n", v }'; }

# now_us: wall clock in microseconds.
now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$((10#$t))"; }

# measure SHELL FILE N OUT: run one workload once; prints elapsed µs, or
# "err" when the shell exited non-zero.
measure() {
	local sh=$1 file=$2 n=$3 out=$4 s e k
	if [[ $file == startup ]]; then
		s=$(now_us)
		for ((k = 0; k < n; k++)); do
			"$sh" -c true </dev/null || { echo err; return; }
		done
		e=$(now_us)
		echo "$(((e - s) / n))"
		return
	fi
	s=$(now_us)
	"$sh" "$file" "$n" </dev/null >"$out" 2>"$out.err" || { echo err; return; }
	e=$(now_us)
	echo "$((e - s))"
}

# median of numbers on stdin ("-" if none)
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "ipsh: $ipsh"
echo "bash: $bashbin ($("$bashbin" -c 'echo $BASH_VERSION'))"
echo "dash: ${dashbin:-(not found)}"
echo "rounds: $rounds after 1 warm-up, scale: $scale, interleaved ipsh bash dash"
echo
printf '%-3s %-24s %11s %11s %11s %10s %10s\n' '#' workload 'ipsh ms' 'bash ms' 'dash ms' ipsh/bash dash/bash
notes=()
for w in "${wanted[@]}"; do
	w=$((10#$w))
	n=$(scaled "${sizes[w]}")
	# n for workload 1 is the number of launches.
	if ((w == 1)); then
		file=startup
	else
		file=$(compgen -G "$wdir/$(printf '%02d' "$w")-*.sh" | head -1)
		[[ -n $file ]] || die "workload $w: no file in $wdir"
		if [[ $file == *.gen.sh ]]; then
			"$bashbin" "$file" "$n" >"$tmp/w$w.sh" || die "workload $w: generator failed"
			file=$tmp/w$w.sh
		fi
	fi
	shells=(ipsh bash dash)
	declare -A bin=([ipsh]=$ipsh [bash]=$bashbin [dash]=$dashbin)
	if [[ -z $dashbin ]] || { [[ $file != startup ]] && grep -q '^# bash-only' "$file"; }; then
		bin[dash]=
	fi
	declare -A times=()
	bad=
	for ((r = 0; r <= rounds; r++)); do
		for s in "${shells[@]}"; do
			[[ -n ${bin[$s]} ]] || continue
			t=$(measure "${bin[$s]}" "$file" "$n" "$tmp/out.$s")
			if [[ $t == err ]]; then
				bad+=" $s-failed"
				bin[$s]=
				continue
			fi
			((r == 0)) && continue # warm-up round
			times[$s]+="$t "
		done
		# Check once that every shell printed what bash printed.
		if ((r == 0)) && [[ $file != startup ]]; then
			for s in ipsh dash; do
				[[ -n ${bin[$s]} ]] || continue
				cmp -s "$tmp/out.$s" "$tmp/out.bash" || bad+=" $s-output-differs"
			done
		fi
	done
	med() { [[ -n ${times[$1]:-} ]] || { echo -; return; }; printf '%s\n' ${times[$1]} | median; }
	ratio() { # median over rounds of times[$1][r]/times[bash][r]
		[[ -n ${times[$1]:-} && -n ${times[bash]:-} ]] || { echo -; return; }
		paste -d' ' <(printf '%s\n' ${times[$1]}) <(printf '%s\n' ${times[bash]}) |
			awk '$2 > 0 { print $1 / $2 }' | median
	}
	ms() { [[ $1 == - ]] && echo - || awk -v v="$1" 'BEGIN { printf "%.3f\n", v / 1000 }'; }
	rt() { [[ $1 == - ]] && echo - || awk -v v="$1" 'BEGIN { printf "%.2f\n", v }'; }
	printf '%-3s %-24s %11s %11s %11s %10s %10s\n' "$w" "${names[w]}" \
		"$(ms "$(med ipsh)")" "$(ms "$(med bash)")" "$(ms "$(med dash)")" \
		"$(rt "$(ratio ipsh)")" "$(rt "$(ratio dash)")"
	[[ -n $bad ]] && notes+=("workload $w:$bad")
	unset times bin
done
if ((${#notes[@]})); then
	echo
	printf 'note: %s\n' "${notes[@]}"
fi
exit 0
