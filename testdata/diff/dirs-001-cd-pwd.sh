# cd and pwd basics with PWD and OLDPWD
mkdir -p a/b
cd a/b
echo "${PWD#$HOME}"
cd ..
echo "${PWD#$HOME} old=${OLDPWD#$HOME}"
cd - >/dev/null
echo "${PWD#$HOME}"
cd
[ "$PWD" = "$HOME" ] && echo "cd with no args goes home"
