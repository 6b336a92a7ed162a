# case modification ^ ^^ , ,,
s='hello World'
echo "${s^}" "${s^^}" "${s,}" "${s,,}"
u='HELLO'
echo "${u,}" "${u,,}"
echo "${s^^[lo]}" "${s^[h]}"
a=(abc def)
echo "${a[@]^}" "${a[@]^^}"
echo "${s~}" "${s~~}"
