# realistic option parsing with usage function
usage() { echo "usage: prog [-v] [-o file] args" >&2; return 2; }
main() {
  local verbose=0 out=- OPTIND opt
  while getopts "vo:h" opt; do
    case $opt in v) verbose=1;; o) out=$OPTARG;; *) usage; return;; esac
  done
  shift $((OPTIND - 1))
  echo "verbose=$verbose out=$out args=$*"
}
main -v -o result.txt a b
main x
main -h 2>/dev/null; echo "status $?"
