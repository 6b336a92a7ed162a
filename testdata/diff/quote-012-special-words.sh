# reserved words and operators when quoted are plain words
echo if then else fi
echo "{" '}' \! '[['
echo 'a;b' "c|d" e\&f
echo '#notcomment' a#b
echo x #comment
