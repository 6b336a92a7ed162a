# while IFS= read -r line idiom preserves whitespace
printf '  lead\ntrail  \n\n\\back\n' > f
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%d:[%s]\n' "$n" "$line"
done < f
