# invalid option and missing argument (verbose mode)
set -- -x -b
while getopts "ab:" opt 2>/dev/null; do
  echo "opt=[$opt] OPTARG=[${OPTARG-unset}]"
done
echo "end OPTIND=$OPTIND"
