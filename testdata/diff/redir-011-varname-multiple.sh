# several {var} fds are distinct
exec {a}>fa {b}>fb
[ "$a" != "$b" ] && echo distinct
echo A >&$a; echo B >&$b
exec {a}>&- {b}>&-
cat fa fb
{ echo in-group >&$c; } {c}>fc
cat fc
