# builtin usage errors return status 2 (invalid option)
cd -Z 2>/dev/null; echo "cd: $?"
declare -Z 2>/dev/null; echo "declare: $?"
set -Z 2>/dev/null; echo "set: $?"
shift x 2>/dev/null; echo "shift: $?"
umask -Z 2>/dev/null; echo "umask: $?"
exit 2>/dev/null
