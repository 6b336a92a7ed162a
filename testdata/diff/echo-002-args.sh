# echo argument joining and odd flags
echo a   b    c
echo "a   b"
echo -x
echo -nx y
echo ''
echo - dash
echo -e -n 'both\n'
