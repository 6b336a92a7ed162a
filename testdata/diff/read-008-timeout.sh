# read -t timeout on a FIFO nobody writes to (status > 128), and on ready data
mkfifo p
exec 3<>p
read -r -t 0.1 x <&3
echo "timeout status: $? [$x]"
exec 3>&-
read -r -t 1 y <<< "quick"
echo "status $? [$y]"
read -t 0 <<< "data"; echo "t0 with data: $?"
