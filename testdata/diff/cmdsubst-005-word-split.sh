# unquoted substitution results are split and globbed
touch w1 w2
set -- $(echo 'a  b   c')
echo $#
set -- "$(echo 'a  b   c')"
echo $#
set -- $(echo 'w*')
echo "$@"
