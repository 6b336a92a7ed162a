# $"..." behaves like "..." in C locale
x=world
echo $"hello $x"
echo $"plain"
y=$"a\tb"
echo "$y"
