# test with 0-4 arguments follows POSIX rules
test; echo "0 args: $?"
test x; echo "1 arg: $?"
test -n; echo "1 arg -n: $?"
test ! x; echo "2 args: $?"
test -z ''; echo "2 args -z: $?"
test x = x; echo "3 args: $?"
test ! x = y; echo "4 args: $?"
[ '(' x ')' ]; echo "3 args parens: $?"
