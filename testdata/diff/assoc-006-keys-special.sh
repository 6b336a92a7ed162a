# keys with special characters
declare -A h
h['a b']=1
h['$x']=2
h[*]=3
h['-']=4
k='a b'
echo "${h[$k]} ${h['$x']} ${h[-]}"
echo "${h[\*]}" 2>/dev/null
printf '%s\n' "${!h[@]}" | sort
