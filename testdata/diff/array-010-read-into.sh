# read -a splits into array
read -r -a arr <<< 'alpha beta  gamma'
echo ${#arr[@]} "${arr[1]}"
IFS=, read -r -a csv <<< 'a,b,,d'
echo ${#csv[@]}
printf '[%s]' "${csv[@]}"; echo
