# printf -v for formatting into variables, building tables
for name in a bb ccc; do
  printf -v line '%-5s|%3d' "$name" "${#name}"
  echo "$line"
done
printf -v sep '%*s' 10 ''
echo "[${sep// /-}]"
