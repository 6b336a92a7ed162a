# ${var:?msg} and ${var?msg} abort with error
s=ok
echo "${s:?not reached}"
( : "${u:?u is unset}" ) 2>/dev/null
echo "status $?"
e=
( : "${e?x}"; echo "e set but empty passes ?" )
( : "${e:?empty}" ) 2>/dev/null
echo "status $?"
( echo "${nope?}" ; echo not-here ) 2>/dev/null
echo "status $?"
