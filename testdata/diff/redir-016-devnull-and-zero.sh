# redirecting from /dev/null and to /dev/null
cat < /dev/null; echo "empty read: $?"
echo gone > /dev/null
head -c 5 /dev/zero | od -An -tx1 | tr -s ' '
read -r x < /dev/null; echo "read status $? [$x]"
