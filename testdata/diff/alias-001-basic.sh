# aliases in scripts need expand_aliases
shopt -s expand_aliases
alias greet='echo hello'
greet world
alias ll='echo listing'
ll
alias
unalias greet
greet 2>/dev/null; echo "status $?"
