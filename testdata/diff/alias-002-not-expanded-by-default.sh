# aliases are not expanded in scripts by default
alias hi='echo aliased'
hi 2>/dev/null; echo "status $?"
alias hi
alias -p | wc -l
unalias -a
alias | wc -l
