# CDPATH lookup prints the new directory
mkdir -p base/target
CDPATH="$HOME/base"
cd target | sed "s|$HOME|H|"
cd target >/dev/null
echo "${PWD#$HOME}"
