# /dev/stdout and /dev/stderr
echo to-stdout > /dev/stdout
echo to-stderr > /dev/stderr 2>&1
{ echo hidden > /dev/stderr; } 2>/dev/null
echo done
