# arithmetic: expressions with array and positional values
set -- 3 4
echo $(( $1 * $2 ))
echo $(( $# + 10 ))
arr=(1 2 3)
echo $(( ${#arr[@]} * 2 ))
echo $(( ${arr[1]} ** 3 ))
