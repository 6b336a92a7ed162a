# comm/join with multiple process substitutions
comm -12 <(printf 'a\nb\nc\n') <(printf 'b\nc\nd\n')
join <(printf '1 a\n2 b\n') <(printf '1 x\n2 y\n')
cat <(echo one) - <(echo three) <<< two
sort -r <(printf "1\n2\n") <(echo 3)
