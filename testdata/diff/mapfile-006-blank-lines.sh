# mapfile keeps blank lines and missing final newline
printf 'a\n\nb' > f
mapfile -t arr < f
echo "${#arr[@]}"
printf '<%s>' "${arr[@]}"; echo
mapfile arr < f
printf '<%s>' "${arr[@]}" | od -An -c | tr -s ' '
