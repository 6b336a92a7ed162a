# $_ last argument of previous command
echo one two three
echo "$_"
: last-arg
echo "$_"
x=assign
true a b
echo "$_"
