# Workload 7: N command substitutions x=$(echo hi) (default 2000).
n=${1:-2000}
i=0
while [ $i -lt $n ]; do
	x=$(echo hi)
	i=$((i + 1))
done
echo "$x $i"
