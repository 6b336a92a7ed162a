# no-shebang executable gets args and its own $0
printf 'echo "name=${0##*/} n=$# first=$1"\n' > tool
chmod +x tool
./tool x y
PATH="$HOME:$PATH" tool z
