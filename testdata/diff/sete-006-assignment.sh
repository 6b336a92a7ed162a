# set -e and assignments from failing substitutions
set -e
a=$(true)
echo "a ok"
local_test() { local v=$(false); echo "local masks failure"; }
local_test
b=$(exit 4)
echo not-reached
