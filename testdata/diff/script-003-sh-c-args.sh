# sh -c with $0 and arguments (external shell, argument passing)
sh -c 'echo "$0 $1 $2"' name one two
sh -c 'echo $#' x a b c
sh -c 'exit 3'; echo "status $?"
sh -c 'echo "[$0]"'
