# test / [ file operators
touch f; mkdir d; ln -s f l
printf data > s
[ -e f ] && [ -f f ] && echo file
[ -d d ] && echo dir
[ -L l ] && [ -h l ] && echo link
[ -s s ] && ! [ -s f ] && echo size
[ -r f ] && [ -w f ] && echo rw
[ -x d ] && echo dir-searchable
[ -e nosuch ] || echo missing
[ -t 0 ] || echo stdin-not-tty
[ f -ef l ] && echo ef
