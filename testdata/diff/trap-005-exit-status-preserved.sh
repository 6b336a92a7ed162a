# exit status is preserved through the EXIT trap
# no output from the trap itself changes the status
trap 'echo "in trap"' EXIT
exit 5
echo not-reached
