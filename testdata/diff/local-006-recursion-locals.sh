# locals are per recursion level
fact() {
  local n=$1
  if (( n <= 1 )); then echo 1; return; fi
  local sub=$(fact $((n - 1)))
  echo $(( n * sub ))
}
fact 10
depth() { local d=$1; (( d < 3 )) && depth $((d+1)); echo "unwind $d"; }
depth 0
