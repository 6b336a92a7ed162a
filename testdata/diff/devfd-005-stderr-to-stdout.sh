# 2>/dev/stdout goes to the current stdout
f() { echo out; echo err >&2; }
f 2>/dev/stdout | sort
x=$(f 2>/dev/stdout)
echo "$x" | wc -l
