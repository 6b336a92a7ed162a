# tilde not expanded when quoted or mid-word
echo a~b
echo "~/x"
echo \~
v='~'
echo $v
