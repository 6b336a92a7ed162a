# special characters inside brackets and escaped
touch 'a*b' 'a?b' 'a-b' 'a]b' abb
echo a[*]b
echo a[?]b
echo a[-]b
echo a[]]b
echo a\*b
echo 'a'*'b'
