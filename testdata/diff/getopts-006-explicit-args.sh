# getopts parsing explicit arguments instead of $@
args=(-q -o out.txt input)
OPTIND=1
while getopts "qo:" opt "${args[@]}"; do echo "$opt:${OPTARG:-}"; OPTARG=; done
echo "OPTIND=$OPTIND"
