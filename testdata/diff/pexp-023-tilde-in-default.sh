# expansions inside ${...} words: tilde, quoting
unset u
[ "${u:-~}" = "$HOME" ] && echo tilde-expanded
[ "${u:-"~"}" = "~" ] && echo quoted-tilde
echo "${u:-a\ b}"
echo ${u:-'single $q'}
echo "${u:-"double"}"
