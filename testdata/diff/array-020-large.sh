# building a large array and summing it
a=()
for (( i=0; i<1000; i++ )); do a+=($i); done
echo ${#a[@]} ${a[999]}
s=0; for x in "${a[@]}"; do (( s += x )); done
echo $s
unset 'a[500]'
echo ${#a[@]}
