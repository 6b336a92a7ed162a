# remove duplicates while preserving order
in=(b a b c a d)
declare -A seen
out=()
for x in "${in[@]}"; do [[ -n ${seen[$x]} ]] && continue; seen[$x]=1; out+=("$x"); done
echo "${out[*]}"
