# arithmetic: hex, octal and base#n constants
echo $((0x1f)) $((0X1F)) $((0xff))
echo $((010)) $((0777)) $((00))
echo $((16#ff)) $((2#1011)) $((8#17)) $((36#zz)) $((10#0099))
echo $((64#@)) $((64#_)) $((64#a)) $((64#A))
echo $((37#a)) 2>/dev/null
echo $((36#Z)) $((62#Z))
