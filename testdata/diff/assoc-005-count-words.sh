# word frequency counting with assoc array
declare -A freq
for w in the cat the dog the cat a; do
  (( freq[$w]++ ))
done
for k in "${!freq[@]}"; do echo "$k ${freq[$k]}"; done | sort
