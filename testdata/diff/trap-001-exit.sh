# trap on EXIT runs at script end
# the trap sees the status of the last command
trap 'echo "exit trap, status $?"' EXIT
echo body
false
