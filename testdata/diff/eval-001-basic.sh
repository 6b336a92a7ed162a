# eval concatenates args and runs them
cmd='echo hello'
eval "$cmd"
eval echo '$HOME' | grep -q / && echo expanded
x=5; eval "y=\$((x * 2))"; echo $y
name=dyn; eval "$name=value"; echo $dyn
eval 'for i in 1 2; do echo "i=$i"; done'
