# negative subscripts count from the end
a=(a b c d)
echo ${a[-1]} ${a[-4]}
a[-1]=D
echo "${a[@]}"
unset 'a[-2]'
echo "${a[@]}" "${!a[@]}"
( echo ${a[-10]} ) 2>/dev/null; echo "status $?"
