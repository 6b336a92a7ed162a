# {var} fds are passed to children at their number; closed ones are not
exec {a}>va
ls /proc/self/fd | grep -qx "$a" && echo "child sees fd a"
exec {a}>&-
ls /proc/self/fd | grep -qx "$a" || echo "child does not see closed fd"
(( a >= 10 )) && echo "a >= 10"
