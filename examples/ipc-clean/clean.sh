#!/usr/bin/env ipsh
# ipcs before and after a script that creates IPC objects and never
# removes them (mess.sh): nothing is left behind.
#
#   ipsh clean.sh
before=$(ipcs; ls /dev/shm "${TMPDIR:-/tmp}" | grep ipsh-mess-)
ipsh "$(dirname "$0")/mess.sh"
after=$(ipcs; ls /dev/shm "${TMPDIR:-/tmp}" | grep ipsh-mess-)
if [ "$before" = "$after" ]; then
	echo "nothing left behind"
else
	echo "left behind:"
	diff <(echo "$before") <(echo "$after")
	exit 1
fi
