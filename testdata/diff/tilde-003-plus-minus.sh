# ~+ and ~- expand to PWD and OLDPWD
mkdir -p one two
cd one; cd ../two
[ ~+ = "$PWD" ] && echo plus-ok
[ ~- = "$OLDPWD" ] && echo minus-ok
echo ${PWD##*/} ${OLDPWD##*/}
