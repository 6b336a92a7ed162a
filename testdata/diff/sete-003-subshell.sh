# set -e in subshells and command substitution
set -e
( false; echo not-in-subshell ) || echo "subshell failed: $?"
x=$(false; echo "subst continues") || true
echo "x=[$x]"
( set +e; false; echo "set +e inside" )
echo end
