# here-doc inside command substitution
x=$(cat <<EOF
inside subst
line2
EOF
)
echo "$x"
y=$(tr a-z A-Z <<'EOF'
quoted $HOME
EOF
)
echo "$y"
