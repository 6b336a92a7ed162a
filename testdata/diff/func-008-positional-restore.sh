# positional parameters restored after function call
set -- outer1 outer2
f() { echo "in f: $*"; set -- changed; echo "after set: $*"; }
f a b c
echo "back: $*"
