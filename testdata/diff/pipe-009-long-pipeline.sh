# long pipelines of builtins and externals
seq 20 | grep -v 5 | sort -rn | head -5 | tr '\n' ' '; echo
echo abc | cat | cat | cat | cat | cat | cat | cat
f() { sed 's/^/>/'; }
echo x | f | f | f
