# set -e with pipelines uses the last status
set -e
false | true
echo "pipeline ok"
set -o pipefail
( false | true ) || echo "pipefail triggers: $?"
true | false
echo not-reached
