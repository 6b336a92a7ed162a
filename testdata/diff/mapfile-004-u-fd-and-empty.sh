# mapfile -u fd, empty input clears array
exec 5< <(printf 'one\ntwo\n')
mapfile -t -u 5 x
exec 5<&-
echo "${x[*]}"
x=(stale)
mapfile -t x < /dev/null
echo "${#x[@]}"
