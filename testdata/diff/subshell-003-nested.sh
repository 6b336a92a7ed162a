# nested subshells and status propagation
( ( ( exit 4 ) ) ); echo $?
( ( echo deep ) )
x=$( ( echo "in-subst-subshell" ) )
echo "$x"
( exit 2 ) || ( exit 3 ) || echo "both failed $?"
