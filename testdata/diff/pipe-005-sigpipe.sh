# writer killed by SIGPIPE reports 141
yes | head -1
echo "${PIPESTATUS[@]}"
seq 1 1000000 | head -2 >/dev/null
echo "${PIPESTATUS[@]}"
set -o pipefail
yes | head -c 3 >/dev/null; echo "pipefail: $?"
