# NUL bytes are dropped in command substitution (with warning)
x=$(printf 'a\0b') 2>/dev/null
echo "$x" | od -An -c | tr -s ' '
echo ${#x}
y=$(printf 'x\0') 2>/dev/null
echo "${#y}"
