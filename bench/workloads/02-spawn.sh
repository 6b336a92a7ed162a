# Workload 2: spawn /bin/true N times (default 2000) in a loop.
n=${1:-2000}
i=0
while [ "$i" -lt "$n" ]; do
	/bin/true
	i=$((i + 1))
done
echo "$i"
