# redirections attached to function definitions
f() { echo to-file; echo err >&2; } > out.txt 2>&1
f
cat out.txt
g() { read -r line; echo "got $line"; } <<< "from-heredoc"
g
