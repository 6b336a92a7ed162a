# multiple here-docs on one command line
cat <<A; cat <<B
from A
A
from B
B
paste - /dev/fd/3 <<L 3<<R
left1
left2
L
right1
right2
R
