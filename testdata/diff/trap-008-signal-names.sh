# trap accepts signal numbers and names
trap 'echo exit0' 0
trap -p EXIT
trap '' INT
trap -p INT
trap - INT
trap -p INT
trap -l | grep -c 'SIGTERM'
