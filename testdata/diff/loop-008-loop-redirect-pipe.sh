# loop with input from here-doc and output piped
while read -r a b; do echo "$b $a"; done <<EOF | sort
2 two
1 one
3 three
EOF
