# command substitution runs in a subshell
v=outer
x=$(v=inner; echo $v)
echo "$x $v"
y=$(cd /; pwd)
[[ $PWD == "$HOME" ]] && echo "cwd unchanged"
echo $y
