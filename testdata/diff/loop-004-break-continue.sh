# break and continue
for i in 1 2 3 4 5 6; do
  (( i == 2 )) && continue
  (( i == 5 )) && break
  echo "i=$i"
done
i=0; while true; do i=$((i+1)); [ $i -gt 3 ] && break; done; echo "broke at $i"
