# return from inside loops
find_first() {
  local x
  for x in "$@"; do
    while true; do
      [[ $x == *z* ]] && { echo "found $x"; return 0; }
      break
    done
  done
  return 1
}
find_first a bz cz; echo $?
find_first a b; echo $?
