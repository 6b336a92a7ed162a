# redirections on compound commands
{ echo a; echo b; } > grp
cat grp
( echo sub ) > sub
cat sub
for i in 1 2; do echo "loop $i"; done > loop
cat loop
if true; then echo if-out; fi >> loop
tail -1 loop
while read -r l; do echo "r:$l"; done < grp
