# read with more variables than fields clears the rest
a=old b=old c=old
read -r a b c <<< "only"
echo "[$a][$b][$c]"
IFS=: read -r a b c <<< "1:2:3:4:5"
echo "[$a][$b][$c]"
IFS=: read -r a b <<< "1:2:"
echo "[$a][$b]"
