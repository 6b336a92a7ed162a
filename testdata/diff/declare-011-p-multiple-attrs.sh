# declare -p prints combined attributes in bash order
declare -ix a=3
declare -ra b=(1 2)
declare -rx c=v
declare -il d=1 2>/dev/null
declare -p a b c
declare -p d | sed 's/=.*//'
