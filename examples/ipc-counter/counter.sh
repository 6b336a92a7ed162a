#!/usr/bin/env ipsh
# A counter in POSIX shared memory, incremented 1,000 times by each of 4
# worker processes (worker.sh, each its own ipsh). Every increment reads
# the counter, adds one and writes it back; a System V semaphore used as a
# mutex makes that read-modify-write atomic, so the total is always 4000.
#
# Run it with "nolock" to see the race it prevents: without the semaphore
# two workers read the same value and both write value+1, and increments
# are lost. How many depends on scheduling: the total is then anything
# up to 4000, different from run to run.
#
#   ipsh counter.sh [lock|nolock]
#
# The shared object and the semaphore set belong to this session: they
# are removed when it ends, even if a worker fails.
mode=${1:-lock}
name=/ipsh-counter-$$
here=$(dirname "$0")

shm create -s 8 "$name" || exit 1      # 8 ASCII digits
shm write "$name" 00000000
sem=$(sem create) || exit 1            # one semaphore, 0 at creation: locked
sem set "$sem" 0 1                     # unlocked

for w in 1 2 3 4; do
	ipsh "$here/worker.sh" "$name" "$sem" "$mode" 1000 &
done
wait

shm read -v total "$name"
echo "total: $((10#$total))"
