# command not found is 127
nonexistent-cmd-xyz 2>/dev/null; echo "status $?"
./missing-script 2>/dev/null; echo "status $?"
/no/such/path 2>/dev/null; echo "status $?"
"" 2>/dev/null; echo "empty name: $?"
