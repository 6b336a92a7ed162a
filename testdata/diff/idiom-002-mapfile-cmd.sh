# mapfile -t arr < <(cmd) and looping with index
# sorted output keeps the order deterministic
mapfile -t files < <(printf '%s\n' c.txt a.txt b.txt | sort)
for i in "${!files[@]}"; do printf '%d %s\n' "$i" "${files[i]}"; done
echo "total ${#files[@]}"
