# getopts stops at first non-option
set -- -a file -b
while getopts "ab" opt; do echo "got $opt"; done
echo "OPTIND=$OPTIND remaining=${*:OPTIND}"
getopts "ab" opt; echo "after end: $? opt=[$opt]"
