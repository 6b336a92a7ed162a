# IFS prefix assignment on builtin vs function
s='a:b'
IFS=: read -r x y <<< "$s"; echo "$x $y"
f() { set -- $s; echo $#; }
IFS=: f
f
old=$IFS; IFS=:; set -- $s; IFS=$old; echo $#
