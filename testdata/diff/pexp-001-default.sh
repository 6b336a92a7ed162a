# ${var:-word} and ${var-word}
unset u; e=; s=set
echo "[${u:-d}] [${e:-d}] [${s:-d}]"
echo "[${u-d}] [${e-d}] [${s-d}]"
echo "[${u:-$s}] [${u:-"a b"}] [${u:-'$s'}]"
echo "[${u:-${e:-nested}}]"
echo "u is still [${u}]"
