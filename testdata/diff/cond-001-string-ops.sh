# [[ ]] string comparisons
a=abc b=abd
[[ $a == abc ]] && echo eq
[[ $a != $b ]] && echo ne
[[ $a < $b ]] && echo lt
[[ $b > $a ]] && echo gt
[[ -z "" && -n x ]] && echo z-n
[[ $a = a* ]] && echo glob-match
[[ $a == "a*" ]] || echo quoted-no-glob
[[ abc ]] && echo nonempty
[[ "" ]] || echo empty-false
