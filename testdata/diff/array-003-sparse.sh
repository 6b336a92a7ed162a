# sparse arrays keep indices; unset creates gaps
a=([2]=two [5]=five [9]=nine)
echo "${!a[@]}"
a+=(ten)
echo "${!a[@]} last=${a[10]}"
unset 'a[5]'
echo "${!a[@]}"
echo ${#a[@]}
echo "${a[-1]}"
