# here-doc feeding a pipeline
cat <<EOF | sort | head -2
zeta
alpha
mid
EOF
cat <<EOF | wc -l
1
2
3
EOF
