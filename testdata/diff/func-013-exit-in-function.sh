# exit inside a function exits the script (subshell here)
f() { echo before; exit 4; echo after; }
( f; echo not-reached )
echo "status $?"
g() { return 5; echo no; }
( g; echo "g returned $?" )
