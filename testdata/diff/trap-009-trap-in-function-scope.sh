# trap set in a function is global
f() { trap 'echo "global trap ran"' EXIT; }
f
echo main continues
g() { echo "g runs"; }
g
