# : true false and their statuses
:; echo $?
: ignored args $(echo evaluated >&2) 2>/dev/null; echo $?
true; echo $?
false; echo $?
true extra args; echo $?
! :; echo $?
