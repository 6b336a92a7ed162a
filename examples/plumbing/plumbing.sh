#!/usr/bin/env ipsh
# A tour of ipsh's plumbing: every arrow below is a real kernel pipe or fd.
# Run it with: go run ./cmd/ipsh examples/plumbing/plumbing.sh

# A pipeline: three processes sharing two kernel pipes.
seq 1 100 | grep 7 | wc -l

# PIPESTATUS keeps every stage's status; 141 is a writer killed by SIGPIPE.
yes | head -n 2 >/dev/null
echo "pipestatus: ${PIPESTATUS[*]}"

# Process substitution: two commands read as files (/dev/fd/N).
diff <(printf '%s\n' a b c) <(printf '%s\n' a x c) | grep '^[<>]'

# An fd of our own: open fd 3 on a file, write through it, close it.
tmp=$(mktemp)
exec 3>"$tmp"
echo "through fd 3" >&3
exec 3>&-
cat "$tmp"
rm -f "$tmp"

# Send only stderr down the pipe: fd 3 keeps the pipe while stdout is dropped.
{ echo to-stderr >&2; echo to-stdout; } 3>&1 1>/dev/null 2>&3 3>&- | sed 's/^/swapped: /'

# Background jobs with their real pids; wait returns each job's status.
sleep 0.1 & a=$!
( exit 3 ) & b=$!
wait "$a"; echo "job a: $?"
wait "$b"; echo "job b: $?"

# A here-document feeding a read loop.
while IFS=: read -r name shell; do
	echo "$name uses $shell"
done <<EOT
alice:ipsh
bob:bash
EOT
