# shopt -o operates on set -o options
shopt -o -s noglob
[[ $- == *f* ]] && echo noglob-via-shopt
shopt -o -u noglob
shopt -o -p errexit
shopt -s expand_aliases; shopt -p expand_aliases
