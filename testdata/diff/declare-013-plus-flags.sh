# removing attributes with +
declare -u u=abc
declare +u u
u=def
echo $u
declare -x e=1
declare +x e
declare -p e
declare -i i=1
declare +i i
i=2+2
echo $i
