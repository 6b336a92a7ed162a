# order of redirections matters
f() { echo out; echo err >&2; }
f 2>&1 >/dev/null
f >/dev/null 2>&1
echo "nothing above this for second"
{ f 2>&1 1>&3 3>&- | sed 's/^/filtered: /'; } 3>&1
