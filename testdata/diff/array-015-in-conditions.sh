# arrays in tests and loops
a=()
(( ${#a[@]} == 0 )) && echo empty
a=(1)
[[ ${#a[@]} -gt 0 ]] && echo nonempty
declare -a b=([10]=x)
[[ -v b[10] ]] && echo has10
[[ -v b[0] ]] || echo no0
