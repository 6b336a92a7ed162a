# trap -p lists, trap - resets
trap 'echo one' EXIT
trap -p EXIT
trap 'echo two' EXIT
trap -p
trap - EXIT
trap -p
echo "no trap left"
