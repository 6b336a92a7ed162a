# EXIT trap in subshells
( trap 'echo bye from subshell' EXIT; echo in-subshell )
echo between
( trap 'echo "bye $?"' EXIT; exit 3 )
echo "status $?"
x=$( trap 'echo trapped-in-subst' EXIT; echo value )
echo "$x"
