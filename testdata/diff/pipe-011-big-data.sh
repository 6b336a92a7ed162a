# large amount of data through a pipeline
head -c 5000000 /dev/zero | tr '\0' 'x' | wc -c
seq 1 200000 | awk '{s+=$1} END {printf "%.0f\n", s}'
yes abc | head -n 100000 | sort -u
seq 1 50000 | tail -c 6
