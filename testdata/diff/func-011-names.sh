# unusual function names
my-func() { echo dash; }
my.func() { echo dot; }
_f1() { echo underscore; }
my-func; my.func; _f1
function f:colon { echo colon; }
f:colon
