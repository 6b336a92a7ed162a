# large output through command substitution
x=$(seq 1 20000)
echo ${#x}
echo "${x: -5}"
y=$(head -c 100000 /dev/zero | tr '\0' a)
echo ${#y}
