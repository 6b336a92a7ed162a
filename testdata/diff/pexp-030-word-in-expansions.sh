# word splitting of expansion results in ${x:-...}
unset u
set -- ${u:-a b c}
echo $#
set -- "${u:-a b c}"
echo $#
set -- ${u:-"a b" c}
echo $# "$1"
v='1 2'
set -- ${u:-$v}
echo $#
