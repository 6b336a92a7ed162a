# arithmetic: sign of division and modulo truncates toward zero
for p in '7 3' '-7 3' '7 -3' '-7 -3'; do
  set -- $p
  echo "$1/$2=$(( $1 / $2 )) $1%$2=$(( $1 % $2 ))"
done
echo $(( -9223372036854775808 / -1 )) 2>/dev/null
echo "status $?"
