# type prints function definitions
greet() { echo "hello $1"; }
type greet
type -t greet
type -t nosuch; echo "status $?"
