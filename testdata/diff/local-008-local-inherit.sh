# local -n and local -i in functions
f() {
  local -i n=2+3
  local -n r=$1
  r=$n
  echo "n=$n"
}
f result
echo "result=$result"
