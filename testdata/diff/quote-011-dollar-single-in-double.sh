# $'..' is not special inside double quotes
echo "$'a\tb'"
echo "a$'x'b"
echo $'single "with" double'
echo "$'\101'"
