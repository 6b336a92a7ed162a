# echo -n -e -E
echo -n "no newline"; echo "|"
echo -e 'a\tb\nc'
echo -E 'a\tb'
echo 'a\tb'
echo -ne 'x\n'
echo -n
echo -- -n
echo -e '\x41\0102\c not printed'; echo
