# process substitution expands to a /dev/fd or fifo path
p=<(true)
[[ $p == /dev/fd/* || $p == /* ]] && echo "looks like a path"
wc -l < <(seq 5)
cat < <(echo redirected)
[[ -r <(echo x) ]] && echo readable
