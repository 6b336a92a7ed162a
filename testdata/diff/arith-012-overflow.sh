# arithmetic: 64-bit wraparound
echo $((9223372036854775807 + 1))
echo $((-9223372036854775808 - 1))
echo $((9223372036854775807 * 2))
echo $((2 ** 63))
echo $((2 ** 64))
echo $((0x7fffffffffffffff))
echo $((0xffffffffffffffff))
echo $((-9223372036854775807 - 1))
