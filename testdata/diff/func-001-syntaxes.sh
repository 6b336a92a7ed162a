# both function definition syntaxes
f1() { echo f1 "$@"; }
function f2 { echo f2 "$@"; }
function f3() { echo f3 "$@"; }
f4() ( echo "f4 in subshell" )
f1 a b; f2 c; f3; f4
f5() if true; then echo f5-compound; fi
f5
