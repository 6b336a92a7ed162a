# array slicing
a=(0 1 2 3 4 5 6 7)
echo "${a[@]:3}"
echo "${a[@]:3:2}"
echo "${a[@]: -3}"
echo "${a[@]: -3:2}"
s=([1]=a [5]=b [7]=c)
echo "${s[@]:2}"
echo "${s[@]:0:2}"
