# EXIT trap runs when set -e aborts
set -e
trap 'echo "cleanup status $?"' EXIT
echo step1
false
echo not-reached
