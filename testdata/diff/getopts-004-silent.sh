# silent mode with leading colon
set -- -x -b
while getopts ":ab:" opt; do
  case $opt in
    \?) echo "invalid: $OPTARG";;
    :) echo "missing arg for: $OPTARG";;
    *) echo "ok: $opt";;
  esac
done
