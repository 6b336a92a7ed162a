# here-doc body with quotes, backticks and partial delimiters
cat <<EOF
'single' "double" \`not-cmd\`
EOF not end
 EOF
EOFX
EOF
echo done
