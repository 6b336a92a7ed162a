# ${var:=word} and ${var=word} assign
unset a b; c=
echo "[${a:=one}] a=$a"
echo "[${b=two}] b=$b"
echo "[${c=three}] c=[$c]"
echo "[${c:=four}] c=[$c]"
: ${d:=from-colon}
echo $d
