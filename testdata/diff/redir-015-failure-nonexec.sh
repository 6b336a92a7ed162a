# failed redirection skips the command and sets status 1
echo never > /nonexistent/dir/file 2>/dev/null
echo "status $?"
{ echo not-run; } < missing 2>/dev/null
echo "status $?"
: > ro-test; chmod 000 ro-test
echo "running as root may write anyway" > /dev/null
