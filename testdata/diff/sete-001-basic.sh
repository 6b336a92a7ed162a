# set -e exits on failing simple command
set -e
echo one
true
false
echo not-reached
