# redirecting to /dev/fd/N duplicates N
exec 3> out3
echo via-devfd > /dev/fd/3
exec 3>&-
cat out3
{ echo e > /dev/fd/2; } 2>&1 | sed 's/^/err:/'
