# while and until loops
i=0
while [ $i -lt 3 ]; do echo "while $i"; i=$((i + 1)); done
until [ $i -eq 0 ]; do echo "until $i"; i=$((i - 1)); done
while false; do :; done; echo "status $?"
n=0; until (( n++ >= 2 )); do echo "n=$n"; done
