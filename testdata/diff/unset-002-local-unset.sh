# unset of local reveals outer value (dynamic scoping)
x=global
f() { local x=local; g; echo "f sees [$x]"; }
g() { unset x; echo "g sees [$x]"; }
f
echo "top sees [$x]"
