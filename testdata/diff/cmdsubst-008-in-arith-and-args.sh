# substitutions used as arguments and in arithmetic
echo $(( $(echo 3) * $(echo 4) ))
n=$(printf '%d' 42)
echo $((n + 1))
printf '[%s]\n' $(printf '%s\n' a b)
printf '[%s]\n' "$(printf '%s\n' a b)"
