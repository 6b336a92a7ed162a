# source /dev/stdin reads the shell's stdin (here a here-document)
source /dev/stdin a b <<'EOS'
echo sourced "$#" "$1"
x=from-stdin
EOS
echo "$x"
exec 3<<'EOS'
echo via-fd3
EOS
. /dev/fd/3
