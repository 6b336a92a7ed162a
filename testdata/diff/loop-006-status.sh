# loop exit status
for i in 1 2; do false; done; echo "for: $?"
for i in; do :; done; echo "empty for: $?"
i=0; while (( i < 2 )); do (( i++ )); done; echo "while: $?"
until true; do :; done; echo "until: $?"
for i in 1; do break; done; echo "break: $?"
