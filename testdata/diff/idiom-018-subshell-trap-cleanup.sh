# trap 'echo bye' EXIT in a subshell runs at subshell end
(
  trap 'echo bye' EXIT
  echo working
)
echo "after subshell"
result=$( trap 'echo trap-output' EXIT; echo main-output )
echo "$result" | tr '\n' ' '; echo
