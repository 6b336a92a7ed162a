# arithmetic: nested $(( )) and command substitution inside
echo $(( $((2 + 3)) * $((4 - 1)) ))
echo $(( $(echo 6) * 7 ))
n=4
echo $(( (n + $(echo 1)) ** 2 ))
echo $(( ((((1 + 1)))) ))
