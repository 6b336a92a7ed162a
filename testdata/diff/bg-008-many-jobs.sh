# many background jobs, each waited for by pid
pids=()
for i in $(seq 1 50); do ( exit $(( i % 3 )) ) & pids+=($!); done
fails=0 total=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); total=$((total + 1)); done
echo "total=$total fails=$fails"
wait; echo "final wait: $?"
