# loops in functions with return and break
first_even() { for n in "$@"; do (( n % 2 == 0 )) && { echo $n; return 0; }; done; return 1; }
first_even 3 5 8 10
first_even 1 3 || echo "none found"
count() { local c=0; while read -r _; do c=$((c+1)); done; echo $c; }
seq 7 | count
