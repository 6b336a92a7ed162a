# backslash escaping outside quotes
echo a\ b \$HOME \\ \' \"
echo \a\b\c
echo "\a\b \n \$ \` \\"
echo line\
continued
echo 'no \
continuation'
