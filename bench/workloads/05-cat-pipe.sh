# Workload 5: N bytes (default 2 GiB) through a pipeline of cat processes.
# Kernel-bound: shows that the stages share real pipes.
head -c "${1:-2147483648}" /dev/zero | cat | cat | cat >/dev/null
echo done
