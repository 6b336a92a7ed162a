# C-style for loops
for ((i = 0; i < 5; i++)); do printf '%d ' $i; done; echo
for ((i = 10; i > 0; i -= 3)); do printf '%d ' $i; done; echo
for ((;;)); do echo "infinite once"; break; done
for ((i=0, j=5; i<j; i++, j--)); do printf '%d-%d ' $i $j; done; echo
