# $BASH_SUBSHELL counts ( ), $( ) and & subshells, not a simple command's pipeline stage
echo $BASH_SUBSHELL | cat
{ echo bg $BASH_SUBSHELL; } & wait
x=$(echo $BASH_SUBSHELL); echo cs $x
echo $(echo $BASH_SUBSHELL) | cat
( echo $BASH_SUBSHELL; ( echo $BASH_SUBSHELL ) )
