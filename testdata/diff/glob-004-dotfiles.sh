# dotfiles need explicit dot or dotglob
touch .hidden visible .other
echo *
echo .h*
echo .[!.]*
shopt -s dotglob
echo *
shopt -u dotglob
echo * 
