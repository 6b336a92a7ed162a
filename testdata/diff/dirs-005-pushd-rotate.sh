# pushd +N rotation and dirs -c, -p
mkdir -p x y z
pushd x >/dev/null; pushd ../y >/dev/null; pushd ../z >/dev/null
pushd +1 >/dev/null
dirs -p | sed "s|$HOME|H|g"
popd +1 >/dev/null
dirs -l | sed "s|$HOME|H|g"
dirs -c; dirs | sed "s|$HOME|H|g"
