# numeric-looking keys are strings in assoc arrays
declare -A h
h[1]=a
h[01]=b
h[1+1]=c
echo "${h[1]} ${h[01]} ${h[1+1]} [${h[2]}]"
echo ${#h[@]}
