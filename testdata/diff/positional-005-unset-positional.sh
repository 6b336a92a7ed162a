# positional parameters in functions vs top level
f() { echo "f: $# [$1]"; shift; echo "f after shift: $#"; }
set -- top1 top2
f x y z
echo "top: $# $1"
g() { set --; echo "g cleared: $#"; }
g a
echo "top still: $#"
