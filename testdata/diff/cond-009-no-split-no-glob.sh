# no word splitting or globbing inside [[ ]]
touch match1 match2
v='a b'
[[ $v == 'a b' ]] && echo no-split
p='match*'
[[ $p == 'match*' ]] && echo no-glob
e=
[[ $e == '' ]] && echo empty-ok
[[ -z $unset_var ]] && echo unset-ok
