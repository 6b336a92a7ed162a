# bashshim.bash: sourced by bash (BASH_ENV) to check server.sh's shell logic
# (forking, traps) under bash semantics. bash has no sock builtin: this
# stand-in creates the socket path as a plain file and waits, as a server
# blocked in accept would, until a trapped signal interrupts the wait.
sock() {
	case $1 in
	serve)
		local a
		for a; do
			case $a in unix:*) : >"${a#unix:}" ;; esac
		done
		sleep 1000 &
		trap 'kill $! 2>/dev/null' EXIT
		wait $!
		;;
	*)
		echo "bashshim: sock $1: not available under bash" >&2
		return 2
		;;
	esac
}
