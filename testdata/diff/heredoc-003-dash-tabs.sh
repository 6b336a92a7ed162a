# <<- strips leading tabs (not spaces)
if true; then
	cat <<-EOF
		tab-indented
	  tab then spaces
    spaces kept
	EOF
fi
echo after
