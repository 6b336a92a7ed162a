# alias ending in space expands next word too
shopt -s expand_aliases
alias run='echo '
alias word='expanded'
run word
alias noexp='echo'
noexp word
unalias nosuch 2>/dev/null; echo "unalias missing: $?"
