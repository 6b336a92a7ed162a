# local variables are visible in called functions (dynamic scoping)
x=global
inner() { echo "inner sees $x"; x=modified-by-inner; }
outer() { local x=outer-local; inner; echo "outer sees $x"; }
outer
echo "global is $x"
