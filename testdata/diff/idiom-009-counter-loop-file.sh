# counting with associative array over a data file
printf 'GET /a\nPOST /b\nGET /c\nGET /a\n' > log
declare -A methods
while read -r m _; do methods[$m]=$(( ${methods[$m]:-0} + 1 )); done < log
for k in $(printf '%s\n' "${!methods[@]}" | sort); do echo "$k ${methods[$k]}"; done
