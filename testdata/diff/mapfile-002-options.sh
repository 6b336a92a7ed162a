# mapfile -n -s -O -d
seq 10 > f
mapfile -t -n 3 a < f; echo "${a[*]}"
mapfile -t -s 7 b < f; echo "${b[*]}"
c=(x y)
mapfile -t -O 2 c < <(echo p; echo q); echo "${c[*]}"
mapfile -t -d , d <<< "a,b,c"; printf '[%s]' "${d[@]}"; echo
