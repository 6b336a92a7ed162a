# eval for indirect array assignment
for n in alpha beta; do eval "arr_$n=(1 2 3)"; done
eval "echo \${#arr_alpha[@]}"
eval "arr_beta[1]=X"
echo "${arr_beta[*]}"
eval 'f() { echo defined in eval; }'
f
