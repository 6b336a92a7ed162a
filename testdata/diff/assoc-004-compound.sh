# compound assignment and += on assoc arrays
declare -A h=([x]=1 [y]=2)
h+=([z]=3 [x]=10)
for k in x y z; do echo "$k=${h[$k]}"; done
h[y]+=0
echo ${h[y]}
declare -A e=()
echo ${#e[@]}
