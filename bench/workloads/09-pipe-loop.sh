# Workload 9: N x `echo a | cat >/dev/null` (default 1000).
n=${1:-1000}
i=0
while [ $i -lt $n ]; do
	echo a | cat >/dev/null
	i=$((i + 1))
done
echo "$i"
