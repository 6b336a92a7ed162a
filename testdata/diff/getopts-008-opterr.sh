# OPTERR=0 suppresses messages
OPTERR=0
set -- -z
getopts "a" opt; echo "status $? opt=$opt"
set -- -a
OPTIND=1
getopts "a" opt; echo "status $? opt=$opt"
