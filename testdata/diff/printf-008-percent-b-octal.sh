# %b with octal and special sequences
printf '%b\n' '\0101' '\101' '\x42'
printf '%b\n' '\\' '\e' | od -An -c | tr -s ' '
printf '%s\n' "$(printf '%b' 'a\0b' | od -An -c | tr -s ' ')"
printf '%b|%s\n' 'x\\ny' 'x\\ny'
