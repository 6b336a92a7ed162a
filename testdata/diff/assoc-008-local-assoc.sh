# local associative arrays in functions
f() {
  local -A m=([k]=inner)
  echo "in: ${m[k]}"
}
declare -A m=([k]=outer)
f
echo "out: ${m[k]}"
