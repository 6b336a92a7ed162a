# loop reading file while inner command must not consume stdin
printf '1\n2\n3\n' > nums
while read -r n; do
  cat /dev/null
  echo "n=$n"
done < nums
while read -r n; do head -c0; echo "m=$n"; done < nums
