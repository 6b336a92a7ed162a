# for over word lists, globs and default $@
for i in 1 2 3; do printf '%s ' $i; done; echo
touch f1 f2
for f in f*; do printf '%s ' "$f"; done; echo
set -- p q
for a; do printf '%s ' "$a"; done; echo
for a in; do echo never; done; echo "empty list ok"
