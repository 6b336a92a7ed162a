# quoted delimiter disables expansion
name=world
cat <<'EOF'
hello $name $(echo no) \$ \\
EOF
cat <<"END"
also $name literal
END
cat <<\STOP
backslash-quoted $name
STOP
