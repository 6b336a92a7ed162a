# associative arrays: declare -A, set, get
declare -A m
m[one]=1
m[two]=2
m['with space']=3
echo ${m[one]} ${m[two]} "${m[with space]}"
echo ${#m[@]}
echo "[${m[missing]}]"
