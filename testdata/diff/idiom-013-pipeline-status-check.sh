# checking every stage status with PIPESTATUS
printf 'b\na\n' | sort | grep -q a
st=("${PIPESTATUS[@]}")
echo "stages: ${st[*]}"
for s in "${st[@]}"; do (( s == 0 )) || echo failed; done
echo ok
