# ulimit reading and setting soft limits in subshell
[ -n "$(ulimit -n)" ] && echo "has nofile"
( ulimit -n 100; ulimit -n )
( ulimit -S -n 50; ulimit -Sn )
ulimit -f | grep -Eq '^(unlimited|[0-9]+)$' && echo "fsize ok"
( ulimit -f 1 2>/dev/null; ulimit -f )
