# multiple output redirections: all files are created, the last gets the output
echo data > a > b > c
for f in a b c; do
  printf '%s: %s\n' "$f" "$(cat $f)"
done
