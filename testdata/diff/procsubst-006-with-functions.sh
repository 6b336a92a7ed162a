# process substitution running a function
gen() { for i in 3 1 2; do echo $i; done; }
sort <(gen)
read -r first < <(gen)
echo "first=$first"
