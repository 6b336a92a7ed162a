# exec -a sets argv0, -c clears env
( exec -a customname sh -c 'echo "$0"' )
export KEEP=1
( exec -c sh -c 'echo "KEEP=[${KEEP}]"' )
( exec -a short sleep 0 ); echo "exec -a status $?"
