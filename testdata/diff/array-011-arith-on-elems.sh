# arithmetic on array elements
a=(5 10 15)
(( a[1] *= 2 ))
echo "${a[@]}"
sum=0
for v in "${a[@]}"; do (( sum += v )); done
echo $sum
i=2
echo $(( a[i] - a[0] ))
(( a[3]++ ))
echo "${a[@]}"
