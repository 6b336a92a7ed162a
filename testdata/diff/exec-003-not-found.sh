# exec of a missing command exits non-interactive shell with 127
( exec nonexistent-cmd-xyz ) 2>/dev/null
echo "status $?"
( exec /etc ) 2>/dev/null
echo "status $?"
