# patterns with special chars in removal
s='a/b\c*d?e[f]'
echo "${s#*/}"
echo "${s%\\*}"
echo "${s%[*}"
echo "${s#*\*}"
echo "${s//[\[\]]/}"
echo "${s/\?/Q}"
