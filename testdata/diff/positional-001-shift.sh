# shift and shift N
set -- 1 2 3 4 5
shift; echo "$*"
shift 2; echo "$*"
shift 5 2>/dev/null; echo "status $? still: $*"
shift 0; echo "$*"
shift 2; echo "[$*] $#"
