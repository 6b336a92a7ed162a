# [[ ]] && || ! and parentheses
a=1 b=0
[[ $a == 1 && $b == 0 ]] && echo and
[[ $a == 2 || $b == 0 ]] && echo or
[[ ! $a == 2 ]] && echo not
[[ ( $a == 1 || $b == 1 ) && $b == 0 ]] && echo group
[[ $a == 1 && ( $b == 1 || $b == 0 ) ]] && echo group2
[[ ! ( $a == 1 ) ]] || echo not-group
