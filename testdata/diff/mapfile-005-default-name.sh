# mapfile with no name fills MAPFILE
printf 'm1\nm2\n' | { mapfile -t; echo "${MAPFILE[1]} ${#MAPFILE[@]}"; }
mapfile -t < <(echo only)
echo "${MAPFILE[0]}"
mapfile -t -d '' z < <(printf 'a\0b\0')
echo "${#z[@]} ${z[1]}"
