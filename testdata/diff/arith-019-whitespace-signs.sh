# arithmetic: whitespace, leading signs, and spaces in values
x=' 12 '
echo $(( x + 1 ))
echo $((   3+4   ))
echo $(( - - 5 )) $(( + - 5 )) $(( -+5 ))
y=-3
echo $(( -y )) $(( y*y ))
echo $(( 1 - -1 ))
