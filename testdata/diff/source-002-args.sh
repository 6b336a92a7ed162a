# source with arguments sets positional temporarily
printf 'echo "args: $# $*"\n' > show.sh
set -- outer1 outer2
source ./show.sh a b c
echo "after: $*"
source ./show.sh
