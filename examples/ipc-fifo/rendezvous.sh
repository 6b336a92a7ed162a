#!/usr/bin/env ipsh
# The FIFO rendezvous: two commands that know only a name meet at it.
# "ls -l >fifo &" blocks opening the FIFO until a reader comes; the
# reader ("more <fifo" at a terminal, "cat" here) blocks until a writer
# comes; then the listing flows through the kernel's pipe buffer.
#
#   ipsh rendezvous.sh [DIR]
dir=${TMPDIR:-/tmp}/rendezvous.$$
mkdir -m 700 "$dir" || exit 1
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/fifo" || exit 1      # recorded: removed when the session ends

# (The braces work around an ipsh bug: a background simple command opens
# its redirections before going to the background, and blocks there.)
{ ls -l "${1:-.}" >"$dir/fifo"; } &
cat <"$dir/fifo"
wait
