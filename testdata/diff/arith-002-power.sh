# arithmetic: exponent operator ** and its associativity
echo $((2 ** 10))
echo $((2 ** 3 ** 2))
echo $((3 ** 0)) $((0 ** 0)) $((1 ** 100))
echo $((-2 ** 3))
echo $((2 ** 62))
x=3
echo $((x ** x))
echo $((2 ** -1)) 2>/dev/null
echo "status $?"
