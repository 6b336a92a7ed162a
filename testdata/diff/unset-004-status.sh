# unset of nonexistent and readonly returns status
unset nosuch; echo "nonexistent: $?"
readonly RO=1
unset RO 2>/dev/null; echo "readonly: $?"
unset -f nosuchfunc; echo "func: $?"
