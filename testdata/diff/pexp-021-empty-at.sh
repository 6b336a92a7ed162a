# "$@" with no params expands to nothing; "${a[@]}" empty array
set --
printf '[%s]\n' "$@" x
printf '[%s]\n' "$*" y
a=()
printf '(%s)\n' "${a[@]}" z
printf '(%s)\n' pre"${a[@]}"post
echo "count: $#"
