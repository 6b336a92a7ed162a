# arithmetic: assignment results and chaining
(( a = b = c = 7 ))
echo $a $b $c
echo $(( x = 3 )) $x
echo $(( y += 2, y += 2 )) $y
unset z; echo $(( z++ + ++z )) $z
