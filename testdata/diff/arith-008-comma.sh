# arithmetic: comma operator evaluates all, yields last
echo $(( 1, 2, 3 ))
x=0 y=0
echo $(( x = 4, y = x * 2, x + y ))
echo "$x $y"
(( i = 1, j = i + 1 ))
echo $i $j
