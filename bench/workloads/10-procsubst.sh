# bash-only
# Workload 10: N bytes (default 256 MiB) read by cat from a process
# substitution. Kernel-bound: shows that <( ) is a real pipe.
cat <(head -c "${1:-268435456}" /dev/zero) >/dev/null
echo done
