# shopt -s xpg_echo makes echo interpret escapes
shopt -s xpg_echo
echo 'a\tb'
echo -E 'raw\t'
shopt -u xpg_echo
echo 'a\tb'
