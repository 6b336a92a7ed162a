# "$@" embedded in a word
set -- x y z
printf '[%s]\n' "pre-$@-post"
printf '[%s]\n' "pre-$*-post"
a=(1 2)
printf '[%s]\n' "A${a[@]}B"
