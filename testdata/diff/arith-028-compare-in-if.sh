# arithmetic in if/elif chains
for n in 0 5 15 25; do
  if (( n == 0 )); then echo "$n zero"
  elif (( n < 10 )); then echo "$n small"
  elif (( n < 20 )); then echo "$n medium"
  else echo "$n large"; fi
done
