# exit from the main script with a status
echo before
f() { return 2; }
f
echo "f returned $?"
exit 42
echo not-reached
