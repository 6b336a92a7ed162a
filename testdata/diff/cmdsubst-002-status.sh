# exit status of command substitution
x=$(exit 3); echo "assign: $?"
x=$(true)$(false); echo "last wins: $?"
echo "$(exit 5)"; echo "echo: $?"
if out=$(false); then echo yes; else echo "no: $?"; fi
x=$(exit 2) y=$(exit 0); echo "two assigns: $?"
