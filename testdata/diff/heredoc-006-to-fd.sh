# here-doc on other file descriptors; redirections apply left to right
cat 3<<EOF <&3
via fd 3
EOF
cat 2>/dev/null <&3 3<<EOF
not read: fd 3 is not open yet when <&3 is applied
EOF
echo "order status $?"
while read -r -u 4 line; do echo "u4: $line"; done 4<<EOF
x
y
EOF
