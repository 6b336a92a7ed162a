# $? after various commands
true; echo $?
false; echo $?
(exit 42); echo $?
echo $? 
x=$(exit 9); echo $?
[ 1 = 2 ]; echo $?
