# set -o pipefail uses the rightmost failing status
false | true; echo "default: $?"
set -o pipefail
false | true; echo "pipefail: $?"
(exit 2) | (exit 3) | true; echo "rightmost: $?"
true | true; echo "ok: $?"
set +o pipefail
(exit 2) | true; echo "off: $?"
