# ${!var} indirection
target=value
ref=target
echo ${!ref}
arr=(x y z)
r2='arr[1]'
echo ${!r2}
r3='arr[@]'
echo ${!r3}
set -- first second
n=2
echo ${!n}
unset nothere; r4=nothere
echo "[${!r4}]"
