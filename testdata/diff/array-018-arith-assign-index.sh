# indexes evaluated arithmetically in assignments
a=()
for i in 1 2 3; do a[i*10]=$i; done
echo "${!a[@]}"
a[a[10]]=new
echo "${a[1]}"
