# declare -n namerefs
target=original
declare -n ref=target
echo $ref
ref=changed
echo $target
declare -p ref
unset -n ref
echo "${ref-unset-ref}" $target
