# $( ) and backticks
a=$(echo hello)
b=`echo world`
echo "$a $b"
echo "$(echo $(echo nested))"
echo "$(printf 'trailing\n\n\n')|"
echo "$(printf '\n\nleading')|"
