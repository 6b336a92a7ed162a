# field splitting: IFS whitespace, non-whitespace, empty and unset IFS
p() { printf '<%s>' "$@"; echo " #$#"; }
x='  a  b  '; p $x; p "$x"; p $x$x; p pre${x}post
IFS=:; x=':a::b:'; p $x; p x$x; p $x"" ; p "" $x
IFS=': '; x=' : a : : b : '; p $x
IFS=' :'; x='a :: b'; p $x
IFS=; x=' a b '; p $x; p $x$x
unset IFS; x=$'a\tb\nc'; p $x
IFS=x; x=axbxxc; p $x; y=$x; p $y; p "$y"
IFS=$' \t\n'; e=; p $e; p "$e"; p $e''; p ''$e; p $e $e "$e"
set -- 'a b' '' c; p $*; p $@; p "$*"; p "$@"; p x"$@"y; p "$@$@"
IFS=-; p "$*" $*; x="$*"; p "$x"; x=$@; p "$x"
unset IFS
n=$((1+1)); IFS=2; p $((11*2)) $n; unset IFS
