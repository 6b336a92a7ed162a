# {var} allocates a free fd >= 10
exec {fd}> out
[ "$fd" -ge 10 ] && echo "fd allocated >= 10"
echo hello >&$fd
exec {fd}>&-
cat out
exec {rd}< out
read -r line <&$rd; echo "read: $line"
exec {rd}<&-
( : >&$rd ) 2>/dev/null || echo "rd closed"
