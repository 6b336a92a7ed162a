# backslash-newline in unquoted vs quoted here-docs
cat <<EOF
joined \
line
EOF
cat <<'EOF'
kept \
line
EOF
