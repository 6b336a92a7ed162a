# empty here-doc and here-doc with many lines
cat <<EOF
EOF
echo "empty done"
{ for i in $(seq 1 3); do echo "line $i"; done; } > expected
cat > got <<EOF
$(for i in 1 2 3; do echo "line $i"; done)
EOF
cmp expected got && echo same
