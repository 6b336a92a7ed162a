# read -a into array
read -r -a arr <<< "x y z"
echo "${#arr[@]} ${arr[2]}"
arr=(old values here and more)
read -r -a arr <<< "new"
echo "${#arr[@]} ${arr[*]}"
IFS=: read -r -a parts <<< "a:b::c"
declare -p parts
