# function arguments and $# $@ $0
f() {
  echo "count=$#"
  echo "first=$1 second=$2"
  for a in "$@"; do echo "<$a>"; done
  echo "zero is script: ${0##*/}"
}
f 'one two' three
f
