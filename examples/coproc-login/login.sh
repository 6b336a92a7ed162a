#!/usr/bin/env ipsh
# Drives askpass, which reads its password from /dev/tty: a coprocess
# runs on a pty whose session it leads, so /dev/tty is that pty.
# Usage: login.sh ASKPASS PASSWORD
coproc LOGIN "$1"
expect -c LOGIN -t 10 'Password: ' || { echo "no prompt"; exit 1; }
send -c LOGIN -n "$2"
if expect -c LOGIN -t 10 'Welcome\.' 'denied'; then
	[[ $EXPECT_INDEX == 1 ]] && echo "logged in" || echo "refused"
fi
wait $LOGIN_PID
echo "askpass status $?"
