# diff: stderr
# the order of redirections decides what still reaches stderr
echo hidden >&2 2>/dev/null
{ echo gone >&2; } 2>/dev/null
echo "moved to out" 2>&1 >&2 | cat
ls /nonexistent-xyz 2>/dev/null
echo end
