# nocaseglob and nocasematch
touch Alpha alpha BETA beta
echo a*
shopt -s nocaseglob
echo a*
echo b*
shopt -u nocaseglob
shopt -s nocasematch
[[ HELLO == hello ]] && echo nocase-eq
case ABC in abc) echo nocase-case;; esac
