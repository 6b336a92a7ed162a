# quote characters inside variable values are literal
q='"quoted"'
echo $q
s="a'b"
echo $s "$s"
cmd='echo hi; echo there'
echo $cmd
g='*'
echo "$g"
