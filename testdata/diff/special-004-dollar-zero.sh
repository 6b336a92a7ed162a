# $0 is the script path as invoked
echo "${0##*/}"
case $0 in /*) echo "absolute path";; *) echo "relative";; esac
f() { echo "in function: ${0##*/}"; }
f
( echo "subshell: ${0##*/}" )
