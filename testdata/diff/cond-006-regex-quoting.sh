# quoted parts of regex match literally
s='a.c'
[[ abc =~ a.c ]] && echo unquoted-dot-matches
[[ abc =~ "a.c" ]] || echo quoted-dot-literal
[[ a.c =~ "a.c" ]] && echo literal-ok
re='^[0-9]+$'
[[ 123 =~ $re ]] && echo var-regex
[[ 12a =~ $re ]] || echo var-regex-no
[[ 'a b' =~ a\ b ]] && echo escaped-space
[[ x+y =~ x\+y ]] && echo escaped-plus
