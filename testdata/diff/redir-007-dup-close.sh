# duplicating and closing fds
exec 3>&1
echo "to 3" >&3
exec 3>&-
( echo "to closed 3" >&3 ) 2>/dev/null; echo "closed status $?"
echo x 4>&1 >&4
