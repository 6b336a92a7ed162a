# RANDOM properties: range, reseeding reproducibility
r=$RANDOM
(( r >= 0 && r <= 32767 )) && echo "in range"
RANDOM=42; a=$RANDOM$RANDOM
RANDOM=42; b=$RANDOM$RANDOM
[ "$a" = "$b" ] && echo "seed reproducible"
[[ ${#RANDOM} -ge 1 && ${#RANDOM} -le 5 ]] && echo "length ok"
