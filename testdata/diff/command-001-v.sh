# command -v and -V
f() { :; }
command -v echo
command -v f
command -v if
command -v cat | grep -q /cat && echo "cat found"
command -v nosuch_xyz; echo "status $?"
command -V echo
command -V f | head -1
