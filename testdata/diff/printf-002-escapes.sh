# printf escape sequences in format and %b
printf 'tab\there\nnew\\line\n'
printf '\x41\101\u0042\n'
printf '%s\n' 'a\tb'
printf '%b\n' 'a\tb' 'c\nd'
printf '%b' 'stop\cignored'; echo
printf '%q\n' "it's" 'a b' '' '$x'
