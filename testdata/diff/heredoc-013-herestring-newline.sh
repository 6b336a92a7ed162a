# here-strings add a trailing newline
printf '%s' "$(cat <<< x)" | od -An -c | tr -s ' '
cat <<< x | od -An -c | tr -s ' '
v=$'two\nlines'
wc -l <<< "$v"
cat <<< ''  | od -An -c | tr -s ' '
