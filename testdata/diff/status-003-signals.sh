# killed by signal n gives 128+n
sh -c 'kill -TERM $$'; echo "TERM: $?"
sh -c 'kill -KILL $$'; echo "KILL: $?"
sh -c 'kill -INT $$'; echo "INT: $?"
sh -c 'kill -USR1 $$'; echo "USR1: $?"
sh -c 'kill -HUP $$'; echo "HUP: $?"
