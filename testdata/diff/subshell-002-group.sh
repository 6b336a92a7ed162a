# brace groups run in current shell
x=1
{ x=2; y=3; }
echo "$x $y"
{ echo a; echo b; } | tr '\n' ' '; echo
{ false; }; echo "group status $?"
{ echo one-line; }
