# type identifies builtins, keywords, functions, aliases, files
f() { :; }
shopt -s expand_aliases
alias ll='ls -l'
type -t echo if f ll cat nosuch_cmd
echo "status $?"
type echo
type if
type ll
