# declare -p formatting for scalars with special characters
a=simple
b='has space'
c='quote"s and $dollar'
d=$'tab\there'
e=
declare -p a b c d e
declare -p nosuch 2>/dev/null; echo "status $?"
