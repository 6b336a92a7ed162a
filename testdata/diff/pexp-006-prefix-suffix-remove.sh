# ${var#pat} ${var##pat} ${var%pat} ${var%%pat}
p=/usr/local/lib/libfoo.so.1.2
echo ${p#*/}
echo ${p##*/}
echo ${p%/*}
echo ${p%%/*}x
echo ${p%.*}
echo ${p%%.*}
echo ${p#/usr}
echo ${p#nomatch}
f=archive.tar.gz
echo ${f%.gz} ${f%.*.*} ${f#*.}
