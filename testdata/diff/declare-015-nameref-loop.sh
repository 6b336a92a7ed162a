# nameref in for loop iterates over variable names
a=1 b=2 c=3
declare -n v
for v in a b c; do echo "$v"; v=$((v*10)); done
echo $a $b $c
