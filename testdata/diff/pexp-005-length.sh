# ${#var} length of strings, arrays, positional
s='hello world'
echo ${#s}
e=
echo ${#e} ${#unset_var}
a=(one two three)
echo ${#a[@]} ${#a[*]} ${#a[0]} ${#a[2]}
set -- a bb ccc
echo ${#} ${#1} ${#3} ${#@}
