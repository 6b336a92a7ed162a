# mapfile into array then iterate backwards
# -t strips the trailing newlines
mapfile -t lines < <(printf 'l1\nl2\nl3\n')
for (( i=${#lines[@]}-1; i>=0; i-- )); do echo "${lines[i]}"; done
echo ${#lines[@]}
