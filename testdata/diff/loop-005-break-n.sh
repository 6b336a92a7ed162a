# break N and continue N in nested loops
for i in 1 2 3; do
  for j in a b c; do
    [ $j = b ] && continue 2
    [ $i = 3 ] && break 2
    echo "$i$j"
  done
  echo "not reached"
done
echo "end"
