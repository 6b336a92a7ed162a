# checking for commands
if command -v sort >/dev/null 2>&1; then echo "sort available"; fi
if ! command -v no_such_tool_xyz >/dev/null 2>&1; then echo "tool missing"; fi
have() { type "$1" >/dev/null 2>&1; }
have cat && echo has-cat
have nope || echo no-nope
