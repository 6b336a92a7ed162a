# quotes inside command substitution inside double quotes
x='a b'
echo "$(echo "$x" | tr a-z A-Z)"
echo "$(echo "inner \"q\"")"
echo "$(echo 'single in dq subst')"
echo "outer $(echo "mid $(echo "deep $x")")"
echo "`echo backtick`"
