#!/usr/bin/env ipsh
# A dialogue with sed, which buffers its output by blocks when it writes
# to a pipe. On a pty (ipsh's default) each question gets its answer at
# once; on pipes (bash's coproc, `shopt -s coproc_pipes`) the answer stays
# in sed's buffer until sed exits, unless sed is told to unbuffer (-u).

ask() { # ask NAME QUESTION: send a line, wait up to 2 s for the answer
	send -c "$1" -n "$2"
	if expect -c "$1" -t 2 'answer: (.*)\n'; then
		echo "$1: ${EXPECT_GROUPS[0]}"
	else
		echo "$1: no answer (status $?)"
	fi
}

coproc PTY sed 's/^/answer: /'
ask PTY one
ask PTY two

shopt -s coproc_pipes
coproc PIPE sed 's/^/answer: /'
ask PIPE one
coproc UNBUF sed -u 's/^/answer: /'
ask UNBUF one
ask UNBUF two
exec {PTY[1]}>&- {PIPE[1]}>&- {UNBUF[1]}>&-
