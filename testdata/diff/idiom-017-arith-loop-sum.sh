# arithmetic heavy loop
sum=0
for ((i = 1; i <= 1000; i++)); do (( sum += i * i )); done
echo $sum
n=27 steps=0
while (( n != 1 )); do (( n % 2 )) && n=$((3 * n + 1)) || n=$((n / 2)); ((steps++)); done
echo "collatz steps: $steps"
