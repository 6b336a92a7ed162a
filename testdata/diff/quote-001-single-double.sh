# single vs double quotes
x=val
echo 'single $x \n "dq"'
echo "double $x \$x \\ \" '"
echo "backtick \` and brace \${x}"
echo "newline
inside"
echo 'it'"'"'s'
