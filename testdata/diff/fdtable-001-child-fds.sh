# a child process sees exactly the fds the script has open (ls adds its own 3)
ls /proc/self/fd | sort -n | tr '\n' ' '; echo
exec 5>five 7<five
ls /proc/self/fd | sort -n | tr '\n' ' '; echo
exec 5>&- 7<&-
ls /proc/self/fd | sort -n | tr '\n' ' '; echo
{ ls /proc/self/fd | sort -n | tr '\n' ' '; echo; } 4</dev/null
ls /proc/self/fd 9>&1 | sort -n | tr '\n' ' '; echo
