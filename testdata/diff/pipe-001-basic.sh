# simple pipelines
echo hello | tr a-z A-Z
printf '3\n1\n2\n' | sort | head -2
seq 10 | grep 5
seq 100 | wc -l
echo a b c | { read -r x y z; echo "$z$y$x"; }
