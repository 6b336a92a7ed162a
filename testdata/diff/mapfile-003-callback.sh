# mapfile -C callback -c quantum
seq 6 > f
cb() { echo "callback idx=$1 line=$2"; }
mapfile -t -C cb -c 2 arr < f
echo "${arr[*]}"
