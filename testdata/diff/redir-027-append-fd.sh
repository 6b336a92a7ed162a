# appending via fd dup and >> on numbered fds
exec 5>> app
echo one >&5
echo two 1>&5
exec 5>&-
echo three 5>>app >&5
cat app
