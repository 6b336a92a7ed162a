# PIPESTATUS and BASH_REMATCH are arrays
true | false | true
s=("${PIPESTATUS[@]}")
echo "${#s[@]}: ${s[*]}"
[[ ab =~ (a)(b) ]]
echo "${#BASH_REMATCH[@]}"
declare -p BASH_REMATCH | sed 's/declare -[a-zA-Z]* //'
