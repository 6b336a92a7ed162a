# 2> and 2>&1 ordering
f() { echo out; echo err >&2; }
f > both 2>&1
cat both
f 2>&1 > only-out | sed 's/^/piped: /'
cat only-out
f 2>/dev/null
