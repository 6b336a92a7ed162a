# $$ $PPID $BASHPID properties (not values)
[ "$$" -gt 0 ] && echo "pid positive"
[ "$PPID" -gt 0 ] && [ "$PPID" != "$$" ] && echo "ppid differs"
[[ $BASHPID == $$ ]] && echo "bashpid equals pid at top"
( [[ $BASHPID != $$ ]] && echo "bashpid differs in subshell" )
( [[ $$ == "$(echo $$)" ]] && echo "dollar-dollar same in subshell" )
x=$(echo $BASHPID); [[ $x != $$ ]] && echo "bashpid differs in subst"
