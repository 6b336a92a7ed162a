# let: multiple args, quoting and operators
let "a = 1 << 4" "b = a | 1" "c = a ^ b"
echo $a $b $c
let a+=b c*=2
echo $a $c
let 'r = a > b ? a : b'
echo $r
