# Workload 3: a test + arithmetic loop of N iterations (default 200000).
n=${1:-200000}
i=0
while [ $i -lt $n ]; do i=$((i+1)); done
echo "$i"
