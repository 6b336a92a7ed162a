# iterate associative keys in sorted order
declare -A color=([apple]=red [banana]=yellow [cherry]=dark-red [date]=brown)
for k in $(printf '%s\n' "${!color[@]}" | sort); do
  echo "$k=${color[$k]}"
done
printf '%s\n' "${color[@]}" | sort | tr '\n' ' '; echo
