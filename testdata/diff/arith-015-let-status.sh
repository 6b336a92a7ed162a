# let: exit status 1 when last expression is 0
let x=5; echo "status $? x=$x"
let x=0; echo "status $? x=$x"
let 'y = 2 * 3' z=y+1; echo "status $? y=$y z=$z"
let 1 0; echo "status $?"
let 0 1; echo "status $?"
let a++ ; echo "status $? a=$a"
let a++ ; echo "status $? a=$a"
