# command with missing program
command nosuch_cmd_xyz 2>/dev/null; echo "status $?"
command -v true >/dev/null && echo "true exists"
command true; echo "status $?"
command -p printf '%s\n' "with -p"
