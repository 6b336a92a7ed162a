# test / [ string tests
[ abc = abc ] && echo eq
[ abc != abd ] && echo ne
[ -z "" ] && echo z
[ -n "x" ] && echo n
[ "x" ] && echo nonempty
[ "" ] || echo empty
test abc = abc && echo test-eq
[ a \< b ] && echo lt
[ b \> a ] && echo gt
[ = ] && echo single-arg-eq
