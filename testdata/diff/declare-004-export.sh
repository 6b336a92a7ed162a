# declare -x exports to child processes
declare -x X1=one
export X2=two
X3=three
sh -c 'echo "[$X1] [$X2] [$X3]"'
declare +x X1
sh -c 'echo "[$X1]"'
declare -p X2
