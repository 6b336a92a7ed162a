# pathname expansion
p() { printf '<%s>' "$@"; echo " #$#"; }

mkdir -p d1/sub d2 .hd && touch a.txt b.txt .hidden d1/x.c d1/sub/y.c d2/z.c 'sp ace.txt' A.TXT
p * ; p *.txt; p ?.txt; p [ab].txt; p [!a].txt; p [^a]*; p d*/; p */*.c; p .*; p nomatch*; p "*.txt"; p '*'.txt; p \*.txt
x='*.txt'; p $x "$x"; y='d1/*'; p $y
shopt -s dotglob; p *; shopt -u dotglob
shopt -s nocaseglob; p a.*; shopt -u nocaseglob
shopt -s nullglob; p nomatch* x; p "nomatch*"; shopt -u nullglob
shopt -s extglob
p @(a|b).txt; p !(*.txt); p +([ab]).txt; p *.@(c|txt); p d1/*.?(c); shopt -u extglob
GLOBIGNORE='*.txt'; p *; GLOBIGNORE=.hidden:a.txt; p *; unset GLOBIGNORE
set -f; p *; set +f
p d1/sub/../*.c ./a* /dev/nul?
shopt -s globstar; p **/*.c; p d1/**; shopt -u globstar
p [ a[ 'a'* a"*"
