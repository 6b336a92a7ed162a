# exit inside EXIT trap changes status
trap 'echo cleaning; exit 9' EXIT
echo working
exit 2
echo not-reached
