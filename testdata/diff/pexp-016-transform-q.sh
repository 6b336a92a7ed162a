# ${var@Q} quoting transformation
s="it's a \"test\""
echo "${s@Q}"
t='plain'
echo "${t@Q}"
n=$'a\nb\tc'
echo "${n@Q}"
e=
echo "${e@Q}"
a=('x y' z)
echo "${a[@]@Q}"
