# arithmetic: ternary operator, nesting and assignment inside
a=5
echo $(( a > 3 ? 1 : 0 ))
echo $(( a > 10 ? 1 : a > 4 ? 2 : 3 ))
echo $(( a ? a : -1 ))
b=0
(( b = a > 2 ? 100 : 200 ))
echo $b
echo $(( 0 ? 1 : 0 ? 2 : 3 ))
