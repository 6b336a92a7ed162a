# /dev/fd/N refers to open descriptors
exec 3< <(echo from-fd3)
cat /dev/fd/3
exec 3<&-
echo data > f
exec 4< f
cat /dev/fd/4
exec 4<&-
echo x > /dev/fd/1
