# trap ERR runs on failing commands
trap 'echo "ERR trap: status $?"' ERR
false
true
(exit 4)
if false; then :; fi
false || true
echo end
