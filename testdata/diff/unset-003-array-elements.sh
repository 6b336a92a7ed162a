# unset array elements with quoting
a=(0 1 2 3)
unset a[1]
echo "${!a[@]}"
i=2
unset "a[$i]"
echo "${!a[@]}"
unset 'a[@]'
echo "${#a[@]}"
