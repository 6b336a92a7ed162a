# read -u reads from a given fd
exec 3<<< "from fd three"
read -r -u 3 x
echo "$x"
exec 3<&-
printf 'a\nb\n' > f
exec 4< f
read -r -u 4 first; read -r -u 4 second
echo "$first $second"
