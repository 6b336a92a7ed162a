# arithmetic in array subscripts
a=(10 20 30 40 50)
i=1
echo ${a[i+1]} ${a[i*3]} ${a[$i]} ${a[-1]} ${a[-2]}
a[i+2]=99
echo "${a[@]}"
(( a[0] += 5 ))
echo ${a[0]}
echo $(( a[1] + a[2] ))
