# exit without argument uses the last status
echo start
( false; exit ); echo "subshell: $?"
( true; exit ); echo "subshell: $?"
false
