#!/usr/bin/env ipsh
# mess.sh: make one IPC object of every kind and exit without removing
# any. The session's ledger records each one and removes it at exit.
touch "${TMPDIR:-/tmp}/mess.$$"
key=$(ftok "${TMPDIR:-/tmp}/mess.$$" 1)
rm "${TMPDIR:-/tmp}/mess.$$"
q=$(msg create -k "$key")
msg send "$q" "a message nobody reads"
seg=$(shm create --sysv -s 64K)
sem=$(sem create -n 4)
ipcmk -Q -S 2 -M 4096 >/dev/null
shm create -s 1M /ipsh-mess-$$
mq create /ipsh-mess-$$
mkfifo "${TMPDIR:-/tmp}/ipsh-mess-$$.fifo"
ipc ls | awk 'NR > 1 { print $1 }' | sort | uniq -c
