# subscripts with expressions and variables
a=(a b c d e)
i=1 j=2
echo ${a[i+j]} ${a[$i+$j]} ${a[i*j]}
echo ${a[ i ]}
k=4; echo "${a[k]}"
unset "a[i]"
echo "${a[@]}"
