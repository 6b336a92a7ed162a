# unset whole array and element, assignment of scalar to array
a=(1 2 3)
unset a
echo "[${a[@]}] ${#a[@]}"
b=(1 2 3)
b=9
echo "${b[@]}"
c=(x y)
unset 'c[0]'
echo "${c[@]}" "${!c[@]}"
