# diff: stderr
# trap output to stderr
trap 'echo "exit trap on stderr" >&2' EXIT
echo "main"
echo "main err" >&2
