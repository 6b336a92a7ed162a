# substring on arrays and positional parameters
a=(a b c d e f)
echo "${a[@]:2}"
echo "${a[@]:1:3}"
echo "${a[@]: -2}"
set -- p q r s t
echo "${@:2}"
echo "${@:2:2}"
echo "${@:0:2}" | sed 's|^[^ ]*/||'
echo "${*: -1}"
