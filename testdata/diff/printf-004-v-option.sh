# printf -v assigns to a variable
printf -v out '%05.1f' 3.14159
echo "[$out]"
printf -v arr[2] '%s' elem
echo "${arr[2]}"
printf -v joined '%s,' a b c
echo "${joined%,}"
printf -v e ''
echo "[$e]"
