# FUNCNAME, BASH_LINENO, declare -p forms, += on arrays and integers, printf/echo escapes
f() { echo "$FUNCNAME ${FUNCNAME[1]} $LINENO"; g; }
g() { echo "in g: ${FUNCNAME[*]} ${BASH_LINENO[0]}"; caller 0 >/dev/null; }
f
echo "${BASH_SOURCE[0]##*/}"
declare -p BASH_REMATCH 2>/dev/null | head -c 0
arr=([3]=x [7]=y); declare -p arr
declare -A h=([k]=v); declare -p h
declare -r ro=1; declare -p ro
readonly ro2=2; readonly -p | grep ro2
export ex=1; export -p | grep ' ex='
declare -x ex2="a b"; declare -p ex2
local_test() { local v=1; declare -p v; }; local_test
x=(a b); x+=(c); echo ${x[@]}; x[5]=f; echo ${!x[@]}
s=abc; s+=def; echo $s
declare -i i=5; i+=3; echo $i
unset x[0]; declare -p x
let "a = 5, b = a * 2"; echo $a $b
echo $(( a++ + ++b )) $a $b
echo $(( 1 << 62 )) $(( 9223372036854775807 + 1 ))
printf '%d %s\n' 0x1F "08"; printf '%.3s|\n' abcdef
printf '%b\n' 'tab\there' 'oct\0101'
echo -e 'a\tb\x41'; echo -n x; echo -E '\n'
