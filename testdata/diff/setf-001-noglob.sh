# set -f disables globbing for all expansions
touch a1 a2
set -f
echo a*
for f in a*; do echo "loop: $f"; done
arr=(a*)
echo "${arr[0]}"
set +f
echo a*
