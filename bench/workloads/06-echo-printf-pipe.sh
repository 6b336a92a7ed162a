# Workload 6: N x (echo + printf) (default 100000) piped into wc -l.
n=${1:-100000}
i=0
while [ $i -lt $n ]; do
	echo "line $i"
	printf '%s\n' "printf $i"
	i=$((i + 1))
done | wc -l
