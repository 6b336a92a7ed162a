# arithmetic: variable holding an expression is evaluated recursively
a='b + 1'
b='c * 2'
c=5
echo $(( a ))
declare -i d
d=a
echo $d
