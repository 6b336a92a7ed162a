# read errors: bad fd, invalid option, invalid var name
read -u 9 x 2>/dev/null; echo "bad fd: $?"
read -q x 2>/dev/null <<< x; echo "bad opt: $?"
read 1bad 2>/dev/null <<< x; echo "bad name: $?"
echo end
