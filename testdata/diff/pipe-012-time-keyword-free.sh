# pipeline exit status is the last command by default
echo x | grep -q y; echo $?
echo x | grep -q x; echo $?
grep -q y <<< x | true; echo $?
: | (exit 9); echo $?
