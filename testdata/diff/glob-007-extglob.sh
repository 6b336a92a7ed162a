# extended globs ?() *() +() @() !()
shopt -s extglob
touch foo.c foo.h foo.o bar.c baz.txt main.cc
echo *.@(c|h)
echo !(*.c|*.h)
echo foo.+(c|h|o)
echo ba?(r|z).*
echo *(f)oo.c
echo @(foo|bar).c
