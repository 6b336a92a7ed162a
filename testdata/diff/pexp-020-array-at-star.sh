# "${a[@]}" vs "${a[*]}" with IFS
a=('one two' three '' four)
printf '<%s>' "${a[@]}"; echo
printf '<%s>' "${a[*]}"; echo
printf '<%s>' ${a[@]}; echo
IFS=-
printf '<%s>' "${a[*]}"; echo
echo "${a[*]}"
