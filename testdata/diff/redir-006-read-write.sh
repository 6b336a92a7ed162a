# <> opens read-write without truncation
printf 'abcdef\n' > f
exec 3<> f
read -r -n 2 x <&3
echo "read: $x"
echo -n XY >&3
exec 3>&-
cat f
echo hi 1<> g; cat g
