# mapfile/readarray basics
printf 'a\nb\nc\n' > f
mapfile arr < f
echo "${#arr[@]}"
printf '[%s]' "${arr[@]}"; echo
mapfile -t arr < f
printf '[%s]' "${arr[@]}"; echo
readarray -t r2 < f
echo "${r2[2]}"
