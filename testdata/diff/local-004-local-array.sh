# local arrays and assoc arrays
arr=(global)
f() { local arr=(l1 l2); echo "${arr[@]}"; local -A h=([k]=v); echo ${h[k]}; }
f
echo "${arr[@]}"
