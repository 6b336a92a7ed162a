# if / elif / else chains with compound conditions
for n in 1 2 3 4; do
  if [ $n -eq 1 ]; then echo one
  elif [ $n -eq 2 ] || [ $n -eq 3 ]; then echo two-or-three
  else echo other; fi
done
if false; then :; fi; echo "if no branch: $?"
if (exit 3); then :; else echo "else sees $?"; fi
