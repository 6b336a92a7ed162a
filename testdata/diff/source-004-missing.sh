# sourcing a missing file fails
source ./nosuch.sh 2>/dev/null; echo "status $?"
. ./nosuch.sh 2>/dev/null; echo "status $?"
echo still-running
source 2>/dev/null; echo "no args: $?"
