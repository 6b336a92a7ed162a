# functions in pipelines run in subshells
count=0
inc() { while read -r x; do count=$((count + x)); done; echo "inside $count"; }
printf '1\n2\n3\n' | inc
echo "outside $count"
gen() { for i in 1 2 3; do echo $i; done; }
gen | inc
