# modifying variables used in for list does not affect iteration
list='a b c'
for x in $list; do list='z'; echo $x; done
arr=(1 2 3)
for v in "${arr[@]}"; do arr=(); echo $v; done
echo "${#arr[@]}"
