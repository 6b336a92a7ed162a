# iterating arrays with spaces in elements
files=('my file.txt' 'other.txt' 'a  b')
for f in "${files[@]}"; do echo "<$f>"; done
for i in "${!files[@]}"; do echo "$i:${files[i]}"; done
for f in ${files[@]}; do printf '%s|' "$f"; done; echo
