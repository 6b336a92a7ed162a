# Workload 1: startup. Not run as a file: bench/run.sh times a loop of
# N launches of `SHELL -c true` (default N=200) and divides by N.
true
