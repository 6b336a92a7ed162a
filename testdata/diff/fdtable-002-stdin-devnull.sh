# the harness gives stdin from /dev/null: reads see EOF at once
read -r line; echo "read status $? [$line]"
cat; echo "cat status $?"
n=$(wc -c); echo "bytes on stdin: $n"
[ -t 0 ] || echo "stdin is not a terminal"
