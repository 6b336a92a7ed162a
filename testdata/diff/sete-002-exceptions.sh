# set -e ignores failures in conditions, && || lists and !
set -e
if false; then echo no; fi
while false; do :; done
false || echo "or-list ok"
false && echo no
! true
echo "negated ok"
f() { false; echo "f continues in condition"; }
if f; then echo "f returned 0"; fi
echo survived
