# typeset is a synonym for declare
typeset -i t=2**4
typeset -p t
typeset -a arr=(1)
typeset -p arr
f() { typeset loc=inner; echo $loc; }
f
echo "[$loc]"
