# type -p -P -a
type -p cat | grep -q /cat && echo "cat path found"
type -P echo | grep -q /echo && echo "external echo path found"
type -a echo | head -1
type -p echo; echo "builtin -p empty: $?"
