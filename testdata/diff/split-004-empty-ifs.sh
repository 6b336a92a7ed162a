# IFS= disables splitting; unset IFS is default
s='a b c'
IFS=
set -- $s; echo $#
unset IFS
set -- $s; echo $#
IFS=$' \t\n'
set -- $s; echo $#
