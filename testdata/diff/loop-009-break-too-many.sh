# break and continue with N larger than nesting
for i in 1 2; do
  for j in 1 2; do break 5; done
  echo no
done
echo "after: $i"
for i in 1 2; do continue 3; echo no; done; echo "continue done $i"
