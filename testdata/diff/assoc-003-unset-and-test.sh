# unset keys and test membership
declare -A h=([a]=1 [b]=2 [c]=3)
unset 'h[b]'
echo ${#h[@]}
[[ -v h[a] ]] && echo a-present
[[ -v h[b] ]] || echo b-gone
[[ ${h[c]+x} ]] && echo c-present
unset h
echo "${#h[@]}"
