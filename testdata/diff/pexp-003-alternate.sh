# ${var:+word} and ${var+word}
unset u; e=; s=x
echo "[${u:+alt}] [${e:+alt}] [${s:+alt}]"
echo "[${u+alt}] [${e+alt}] [${s+alt}]"
arr=()
echo "[${arr[@]:+nonempty}]"
arr=(1)
echo "[${arr[@]:+nonempty}]"
