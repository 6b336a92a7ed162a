# splitting on newlines only
lines=$'first line\nsecond line\nthird'
IFS=$'\n'
for l in $lines; do echo "<$l>"; done
unset IFS
for w in $lines; do printf '%s,' "$w"; done; echo
