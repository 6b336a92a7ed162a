# (( )) exit status
(( 1 )); echo $?
(( 0 )); echo $?
(( -1 )); echo $?
(( 2 - 2 )); echo $?
(( x = 0 )); echo $?
if (( 3 > 2 )); then echo yes; fi
while (( i < 3 )); do (( i++ )); done; echo $i
(( 1 )) && echo and || echo or
