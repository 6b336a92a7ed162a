# pipefail combined with -e and PIPESTATUS
set -o pipefail
yes | head -1 >/dev/null
echo "sigpipe with pipefail: $? ${PIPESTATUS[*]}"
false | cat; echo "status $?"
set -e
( false | cat ) ; echo not-reached
echo also-not
