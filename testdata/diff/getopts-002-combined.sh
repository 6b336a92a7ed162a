# combined flags and attached arguments
set -- -ab -cVALUE -- -notopt
while getopts "abc:" o; do echo "$o ${OPTARG-none}"; unset OPTARG; done
echo "OPTIND=$OPTIND"
shift $((OPTIND-1)); echo "rest: $*"
