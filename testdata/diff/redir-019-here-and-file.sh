# last input redirection wins
printf 'file\n' > f
cat < f <<< "herestring"
cat <<< "herestring" < f
cat < f < /dev/null; echo "[end]"
