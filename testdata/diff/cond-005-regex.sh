# [[ =~ ]] and BASH_REMATCH
s='key=value123'
if [[ $s =~ ^([a-z]+)=([a-z]+)([0-9]*)$ ]]; then
  echo "${#BASH_REMATCH[@]}: ${BASH_REMATCH[0]} | ${BASH_REMATCH[1]} | ${BASH_REMATCH[2]} | ${BASH_REMATCH[3]}"
fi
[[ abc =~ x ]]; echo "nomatch status $? count ${#BASH_REMATCH[@]}"
[[ 2024-05-06 =~ ([0-9]+)-([0-9]+) ]] && echo "${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
