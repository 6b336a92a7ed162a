# fds from exec reach exec'd programs
exec 5> five
( exec sh -c 'echo from-sh >&5' )
exec 5>&-
cat five
( exec 1>&2 2>/dev/null; echo hidden-not ) 2>&1 | wc -l
