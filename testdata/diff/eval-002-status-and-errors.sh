# eval status and syntax errors
eval 'false'; echo "status $?"
eval ''; echo "empty: $?"
eval 'if' 2>/dev/null; echo "syntax: $?"
eval 'exit 4'
echo not-reached
