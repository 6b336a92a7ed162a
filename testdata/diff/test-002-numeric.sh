# test / [ numeric tests
[ 5 -eq 5 ] && echo eq
[ 5 -ne 6 ] && echo ne
[ 5 -lt 6 ] && echo lt
[ 5 -le 5 ] && echo le
[ 6 -gt 5 ] && echo gt
[ 6 -ge 6 ] && echo ge
[ -5 -lt 0 ] && echo negative
[ 007 -eq 7 ] && echo leading-zero-decimal
( [ x -eq 1 ] ) 2>/dev/null; echo "status $?"
