# substring edge cases: negative beyond length, length beyond end
s=abcdef
echo "[${s: -10}]"
echo "[${s:2:100}]"
echo "[${s:6}]"
echo "[${s: -1:1}]"
( echo "[${s:2:-5}]" ) 2>/dev/null; echo "status $?"
