# < reads a file; missing file fails the command only
printf 'line1\nline2\n' > in
wc -l < in
cat < in
cat < missing 2>/dev/null; echo "status $?"
echo after
