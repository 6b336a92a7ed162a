# $# $@ $* in script context
echo "$#"
set -- a 'b c' d
echo "$#"
for a in "$@"; do echo "<$a>"; done
for a in "$*"; do echo "<$a>"; done
shift
echo "$# $1"
