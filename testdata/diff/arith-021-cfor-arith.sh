# arithmetic: C-style for with complex expressions
for (( i = 0, j = 10; i < j; i += 3, j-- )); do
  echo "$i $j"
done
for (( k = 1; k <= 64; k *= 2 )); do printf '%d ' $k; done
echo
