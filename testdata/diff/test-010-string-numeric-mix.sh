# test comparing strings that look numeric
[ 10 \< 9 ] && echo string-less
[ 10 -lt 9 ] || echo numeric-not-less
[ 01 = 1 ] || echo string-differ
[ 01 -eq 1 ] && echo numeric-equal
[ ' 1' -eq 1 ] && echo leading-space-ok
