# appending with += to arrays and elements
a=(x)
a+=(y z)
echo "${a[@]}"
a[0]+=X
echo "${a[@]}"
a+=('with space')
echo ${#a[@]} "${a[3]}"
b=()
b+=(first)
echo "${b[@]}"
