# brace expansion happens before parameter expansion
a=1 b=3
echo {$a..$b}
echo {x,$a}
n=(p q)
echo {${n[0]},${n[1]}}-z
