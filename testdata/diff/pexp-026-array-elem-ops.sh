# operators on single array elements
a=(/a/b.c /d/e.f)
echo ${a[0]##*/} ${a[1]%.*} ${#a[1]}
echo ${a[1]/e/E} ${a[0]^^}
echo "${a[5]:-dflt}"
a[3]=${a[3]:-filled}
echo ${a[3]} ${#a[@]}
