# passing assoc arrays by nameref
show() {
  local -n ref=$1
  local k
  for k in $(printf '%s\n' "${!ref[@]}" | sort); do echo "$k -> ${ref[$k]}"; done
}
declare -A cfg=([host]=localhost [port]=8080 [debug]=no)
show cfg
