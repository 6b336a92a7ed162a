# background functions and subshell variable isolation
v=0
f() { v=1; echo "in bg v=$v"; }
f &
wait
echo "after v=$v"
{ echo grp-bg; } &
wait
