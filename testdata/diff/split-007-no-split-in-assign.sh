# no word splitting in assignments and [[ ]]
s='a   b'
t=$s
echo "[$t]"
[[ $s == "a   b" ]] && echo same
case $s in "a   b") echo case-same;; esac
arr=($s)
echo ${#arr[@]}
