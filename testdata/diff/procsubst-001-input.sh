# <( ) as input file
cat <(echo from-procsubst)
diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo "diff status $?"
paste <(seq 3) <(seq 4 6)
wc -c <(printf abc) | sed 's/ .*//'
