# set -e inside functions and compound commands
set -e
f() { echo in-f; return 3; }
f || echo "f failed with $?"
{ false; echo no; } || echo "group failed"
for i in 1; do (exit 2); done || echo "loop failed"
f
echo not-reached
