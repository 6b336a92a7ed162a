# ${var@U} @u @L @E @P-free @A @a
s='hello'
echo "${s@U}" "${s@u}" "${s@L}"
e='a\tb\x41'
echo "${e@E}"
declare -i i=3
echo "${i@a}"
declare -a arr=(1 2)
echo "${arr@a}"
declare -A as=([k]=v)
echo "${as@a}"
x=val
echo "${x@A}"
declare -r ro=1
echo "${ro@A}"
