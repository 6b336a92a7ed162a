# pushd popd dirs stack
mkdir -p one two three
pushd one >/dev/null
pushd ../two >/dev/null
pushd ../three >/dev/null
dirs | sed "s|$HOME|H|g"
popd >/dev/null
echo "${PWD#$HOME}"
dirs -v | sed "s|$HOME|H|g"
popd >/dev/null; popd >/dev/null
[ "$PWD" = "$HOME" ] && echo back-home
