# $name refers to element 0; assigning name sets element 0
a=(first second)
echo $a
a=new
echo "${a[@]}"
s=scalar
echo "${s[0]}" "${#s[@]}"
s[1]=more
echo "${s[@]}"
