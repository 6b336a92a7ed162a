# [[ -v ]] and -o option tests
x=1; e=; arr=(a b); declare -A m=([k]=v)
[[ -v x ]] && echo x-set
[[ -v e ]] && echo e-set
[[ -v nosuch ]] || echo nosuch-unset
[[ -v arr[1] ]] && echo arr1-set
[[ -v arr[5] ]] || echo arr5-unset
[[ -v m[k] ]] && echo mk-set
set -o noglob
[[ -o noglob ]] && echo noglob-on
[[ -o errexit ]] || echo errexit-off
