# case with character classes and ranges
for c in a Z 5 ' ' . _; do
  case $c in
    [[:lower:]]) echo "$c lower";;
    [[:upper:]]) echo "$c upper";;
    [[:digit:]]) echo "$c digit";;
    [[:space:]]) echo "[$c] space";;
    [._]) echo "$c punct";;
  esac
done
