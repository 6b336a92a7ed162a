# <&0 and 0< forms
printf 'x\n' > in
cat 0< in
exec 6< in
cat <&6
exec 6<&-
cat 0<&- 0< in
