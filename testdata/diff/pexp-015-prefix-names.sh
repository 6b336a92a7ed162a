# ${!prefix*} ${!prefix@} and ${!arr[@]}
myvar_a=1 myvar_b=2 myvar_c=3 other=4
echo ${!myvar_*}
for n in "${!myvar_@}"; do echo "$n=${!n}"; done
a=([3]=x [7]=y [1]=z)
echo ${!a[@]}
echo "${!a[*]}"
