# quoted glob characters do not expand
touch a1 a2 b1
echo a*
echo "a*"
echo 'a*'
echo a\*
p='a*'
echo $p "$p"
echo [ab]1
echo "[ab]1"
