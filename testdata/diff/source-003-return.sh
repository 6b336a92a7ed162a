# return in a sourced file stops it
printf 'echo before\nreturn 3\necho after\n' > r.sh
source ./r.sh
echo "status $?"
printf 'echo top-level\n' > t.sh
. ./t.sh; echo "status $?"
