# here-docs inside functions and loops
show() {
  cat <<EOF
arg=$1
EOF
}
for i in 1 2; do show "$i"; done
while read -r a b; do echo "$b-$a"; done <<EOF
1 one
2 two
EOF
