# while read from process substitution keeps variables
n=0
while read -r line; do n=$((n + 1)); last=$line; done < <(printf 'x\ny\nz\n')
echo "$n $last"
mapfile -t arr < <(echo one; echo two)
echo "${arr[1]}"
