# noclobber with > and >| override
echo original > f
set -C
echo new > f 2>/dev/null; echo "status $?"
cat f
echo forced >| f
cat f
echo ok > /dev/null && echo devnull-ok
echo appended >> f; cat f
set +C
echo reset > f; cat f
