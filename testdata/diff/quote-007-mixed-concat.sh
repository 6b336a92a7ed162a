# concatenating quoted and unquoted parts in one word
x=X
echo pre"$x"'$x'post
echo "a"'b'c"d"
echo "$x"_suffix "${x}_suffix" $x"_suffix"
set -- "a"'b' c
echo $#
