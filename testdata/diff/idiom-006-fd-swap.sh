# swap stdout and stderr, filter stderr only
f() { echo "normal output"; echo "error: bad" >&2; }
{ f 2>&1 1>&3 3>&- | sed 's/^/[stderr] /'; } 3>&1
exec 3>&1 4>&2
out=$(f 2>&1 1>&3)
echo "captured: $out"
exec 3>&- 4>&-
