# GLOBIGNORE filters matches
touch a.c b.c a.o b.o .dot
GLOBIGNORE='*.o'
echo *
GLOBIGNORE='a*:b.c'
echo *
unset GLOBIGNORE
echo *
