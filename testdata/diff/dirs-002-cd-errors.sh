# cd failures keep directory
cd /nonexistent/dir 2>/dev/null; echo "status $?"
touch file
cd file 2>/dev/null; echo "status $?"
[ "$PWD" = "$HOME" ] && echo "unchanged"
cd . ; echo "cd . status $?"
