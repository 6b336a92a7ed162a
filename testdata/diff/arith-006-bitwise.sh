# arithmetic: bitwise operators
echo $((0xF0 & 0x3C)) $((0xF0 | 0x0F)) $((0xFF ^ 0x0F))
echo $((~5)) $((~-1))
echo $((1 << 10)) $((1024 >> 3)) $((-16 >> 2))
echo $((1 << 63))
echo $((1 << 64))
echo $((6 & 3 ^ 5 | 8))
