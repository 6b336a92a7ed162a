# [[ < > ]] use byte order in C locale
for p in 'a b' 'B a' 'a A' '10 9' 'abc abd' 'Z a'; do
  set -- $p
  if [[ $1 < $2 ]]; then echo "$1 < $2"; else echo "$1 >= $2"; fi
done
