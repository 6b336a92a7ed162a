# declare -f and -F list functions
greet() { echo "hi $1"; }
other() { :; }
declare -F
declare -F greet
declare -f greet
declare -f nosuch >/dev/null; echo "status $?"
