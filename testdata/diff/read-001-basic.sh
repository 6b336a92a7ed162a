# read splits into variables with leftovers in last
read a b c <<< "one two three four"
echo "[$a] [$b] [$c]"
read a b c <<< "one"
echo "[$a] [$b] [$c]"
read line <<< "  leading and trailing  "
echo "[$line]"
read <<< "reply var"
echo "[$REPLY]"
