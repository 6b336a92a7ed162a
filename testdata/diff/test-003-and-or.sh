# test -a -o ! and parentheses
[ 1 -eq 1 -a 2 -eq 2 ] && echo and
[ 1 -eq 2 -o 2 -eq 2 ] && echo or
[ ! 1 -eq 2 ] && echo not
[ \( 1 -eq 1 -o 1 -eq 2 \) -a 3 -eq 3 ] && echo parens
[ 1 -eq 2 -a 1 -eq 1 -o 1 -eq 1 ] && echo precedence
test ! -z x && echo test-not
[ ! ] && echo bang-alone-true
