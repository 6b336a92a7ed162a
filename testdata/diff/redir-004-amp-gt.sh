# &> and &>> redirect both stdout and stderr
f() { echo out; echo err >&2; }
f &> all
cat all
f &>> all
wc -l < all
f >& alt
cat alt
