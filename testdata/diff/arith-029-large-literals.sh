# arithmetic: large literals and hex output via printf
echo $(( 1000000 * 1000000 ))
echo $(( 4294967296 * 4294967296 ))
printf '%x\n' $(( 255 * 256 ))
printf '%o\n' $(( 8#777 ))
echo $(( 0x100000000 ))
