# alias takes effect from the next line
shopt -s expand_aliases
alias x='echo X'; x 2>/dev/null || echo "not on same line"
x
f() { x; }
f
