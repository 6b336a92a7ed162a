# popd on empty stack fails
popd 2>/dev/null; echo "status $?"
pushd 2>/dev/null; echo "pushd no other dir: $?"
dirs | sed "s|$HOME|H|"
popd -n 2>/dev/null; echo "popd -n empty: $?"
