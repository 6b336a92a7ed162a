# getopts inside a function with local OPTIND
parse() {
  local OPTIND opt
  while getopts "n:v" opt; do
    case $opt in n) echo "name=$OPTARG";; v) echo verbose;; esac
  done
  shift $((OPTIND - 1)); echo "args: $*"
}
parse -v -n first a b
parse -n second c
