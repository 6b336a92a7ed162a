# read -n and -N count characters
read -n 3 a <<< "abcdef"
echo "[$a]"
read -n 10 b <<< "ab"
echo "[$b]"
read -N 4 c <<< "ab
cd"
echo "[$c]" | od -An -c | tr -s ' '
printf 'a b' | { read -N 3 d; echo "[$d]"; }
