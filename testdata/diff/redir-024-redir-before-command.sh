# redirections may appear anywhere in a simple command
> f echo first
cat f
echo < /dev/null second > g
cat g
2>/dev/null >h echo third
cat h
