# basic here-document with expansion
name=world
cat <<EOF
hello $name
sum $((1 + 2))
cmd $(echo sub)
escaped \$name and \\ backslash
EOF
