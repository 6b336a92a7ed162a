# test with variables that look like operators
v='-n'
[ "$v" ] && echo dash-n-nonempty
v='='
[ "$v" = '=' ] && echo eq-sign
v='!'
[ "$v" = '!' ] && echo bang
v='('
[ "$v" = '(' ] && echo paren
[ -n "" ] || echo n-empty-false
