# bashshim.bash: stand-ins for ipsh's pidfile and daemon builtins, made of
# util-linux flock(1) and setsid(1), so that the examples can be checked
# under bash too (source it, or name it in BASH_ENV). Only what the
# examples use; not safe in general (no symlink checks, racy takeover).
pidfile() {
	case $1 in
	create)
		exec 9>>"$2" && flock -n 9 || { echo "pidfile: create $2: held by pid $(cat "$2")" >&2; return 1; }
		echo $$ >"$2"
		trap 'rm -f "'"$2"'"' EXIT
		;;
	read) [ -f "$2" ] && cat "$2" && ! flock -n "$2" true ;;
	signal) [ -f "$2" ] && ! flock -n "$2" true && kill -s "$3" "$(cat "$2")" ;;
	remove) rm -f "$2" ;;
	esac
}
daemon() {
	local pf= out=/dev/null err=/dev/null
	while :; do
		case $1 in
		-p) pf=$2; shift 2 ;;
		-o) out=$2; shift 2 ;;
		-e) err=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	: >"$pf.new"
	(cd / && exec setsid bash -c 'exec 3>>"$0" && flock -n 3 || exit 1; echo $$ >"$0"; rm -f "$0.new"; exec "$@"' "$pf" "$@" </dev/null >>"$out" 2>>"$err" &)
	while [ -e "$pf.new" ]; do sleep 0.01; done
	cat "$pf"
}
export -f pidfile daemon
