# bracket expressions, ranges, negation, classes
touch a1 b2 c3 d4 X9 _u
echo [abc]*
echo [a-c]?
echo [!a-c]*
echo [^ab]?
echo [[:upper:]]*
echo [[:digit:]]* [[:alpha:]][[:digit:]]
echo [[:punct:]]*
