# namerefs to arrays and elements
arr=(a b c)
declare -n r=arr
r+=(d)
echo "${arr[@]}" ${#r[@]}
declare -n e='arr[1]'
echo $e
e=B
echo "${arr[@]}"
