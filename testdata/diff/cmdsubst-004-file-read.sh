# $(< file) reads a file
printf 'content line\nsecond\n' > f
x=$(< f)
echo "$x"
y="$(<f)"
echo ${#y}
z=$(< missing 2>/dev/null); echo "missing: $? [$z]"
