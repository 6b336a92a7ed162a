# redefinition replaces, and functions override commands
echo() { builtin echo "wrapped: $*"; }
echo hello
unset -f echo
echo plain
cat() { command cat "$@" | tr a-z A-Z; }
printf 'abc\n' | cat
