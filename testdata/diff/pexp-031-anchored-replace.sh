# ${name/#pat/rep} and ${name/%pat/rep}: anchored replacement, longest match
x=aXbXa
echo "${x/#a/z} ${x/%a/z} ${x/#X/z} ${x/%a*/Q} ${x/#*X/Q}"
f=file.tar.gz
echo "${f/%.gz/.xz}" ${f/#file/FILE}
y=1; echo "${y/#1/z}" "${y/%1/w}" "${y/#2/w}"
unset u; echo "[${u/#a/b}]"
v="a b"; set -- ${v/#a/c}; echo $# "$1"
