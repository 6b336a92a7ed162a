# $'...' ANSI-C quoting
echo $'tab:\t|nl:\n|bs:\\|q:\'|dq:\"'
echo $'\x41\x42\103\u0044'
echo $'\e' | od -An -c | tr -s ' '
echo $'a\0b' | od -An -c | tr -s ' '
echo $'\cA' | od -An -c | tr -s ' '
printf '%s\n' $'\101\x5a'
