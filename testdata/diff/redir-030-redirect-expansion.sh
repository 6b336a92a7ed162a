# redirection targets are expanded but not split
name='file with space'
echo data > "$name"
cat "file with space"
n=out
echo x > $n.$((1+1))
cat out.2
v='a b'
( echo y > $v ) 2>/dev/null; echo "ambiguous: $?"
ls
