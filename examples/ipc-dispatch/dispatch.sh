#!/usr/bin/env ipsh
# A dispatcher and two workers sharing one System V message queue. The
# message type says who a job is for: type 1 goes to the image worker,
# type 2 to the mail worker. Each worker receives only its own type
# (msg recv -t TYPE), so neither ever sees the other's jobs, whatever
# order they are queued in. A "stop" message ends a worker.
#
#   ipsh dispatch.sh JOB...     (JOB is resize:FILE or mail:ADDRESS)
q=$(msg create) || exit 1
log=${TMPDIR:-/tmp}/dispatch.$$
mkdir -m 700 "$log" || exit 1
trap 'rm -rf "$log"' EXIT

worker() { # worker TYPE NAME: handle jobs of TYPE until "stop"
	while msg recv -t "$1" -v job "$q"; do
		[ "$job" = stop ] && return
		echo "$2: $job" >>"$log/$2"
	done
}
worker 1 images &
worker 2 mail &

for job in "$@"; do
	case $job in
	resize:*) msg send -t 1 "$q" "${job#*:}" ;;
	mail:*) msg send -t 2 "$q" "${job#*:}" ;;
	*) echo "dispatch: unknown job $job" >&2 ;;
	esac
done
msg send -t 1 "$q" stop
msg send -t 2 "$q" stop
wait
cat "$log/images" "$log/mail"
msg stat "$q" | grep '^messages'
