# test -v checks variable is set
x=1
test -v x && echo set
test -v nosuch || echo unset
a=(q)
[ -v 'a[0]' ] && echo elem-set
[ -o noclobber ] || echo noclobber-off
set -C; [ -o noclobber ] && echo noclobber-on
