# BASH_REMATCH with optional and nested groups
[[ 'abc' =~ (a)(x)?(b(c)) ]]
echo "${#BASH_REMATCH[@]}"
for i in "${!BASH_REMATCH[@]}"; do echo "$i=[${BASH_REMATCH[i]}]"; done
[[ 'aaa' =~ a+ ]] && echo "${BASH_REMATCH[0]}"
