# ${#var} counts bytes under LC_ALL=C
s='abc'
echo ${#s}
s=$'a\tb\nc'
echo ${#s}
n=12345678901234567890
echo ${#n}
s='   '
echo ${#s}
x=${#s}${#s}
echo $x
