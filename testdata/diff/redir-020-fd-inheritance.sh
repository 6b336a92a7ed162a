# child processes inherit redirected fds
exec 3> child-out
sh -c 'echo "from child" >&3'
exec 3>&-
cat child-out
exec 7< child-out
sh -c 'read -r l <&7; echo "child read: $l"'
exec 7<&-
