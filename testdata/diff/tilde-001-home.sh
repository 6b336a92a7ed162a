# tilde expansion to $HOME
[ ~ = "$HOME" ] && echo home
[ ~/x = "$HOME/x" ] && echo home-slash
echo "~" '~'
x=~
[ "$x" = "$HOME" ] && echo assign-expanded
y=a:~/b
[ "$y" = "a:$HOME/b" ] && echo colon-expanded
