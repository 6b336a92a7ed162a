# [[ ]] exit statuses and errors
[[ a == a ]]; echo $?
[[ a == b ]]; echo $?
[[ 1 -lt 2 ]]; echo $?
( [[ abc -eq 1 ]] ) 2>/dev/null; echo $?
x=(1 2)
[[ ${x[1]} == 2 ]]; echo $?
