#!/usr/bin/env ipsh
# worker.sh NAME SEM lock|nolock N: add 1 to the 8-digit counter in the
# shared memory object NAME, N times. With "lock", each increment holds
# semaphore 0 of set SEM; --undo gives the semaphore back if the worker
# dies while holding it.
name=$1 sem=$2 mode=$3 n=$4
for ((i = 0; i < n; i++)); do
	if [ "$mode" = lock ]; then sem op --undo "$sem" 0:-1 || exit 1; fi
	shm read -v v "$name" || exit 1
	printf -v v '%08d' $((10#$v + 1))
	shm write "$name" "$v" || exit 1
	if [ "$mode" = lock ]; then sem op --undo "$sem" 0:+1 || exit 1; fi
done
