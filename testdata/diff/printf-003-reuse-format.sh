# format is reused for extra arguments
printf '%s-%s\n' a b c d e
printf '[%s]\n'
printf '%d\n' 1 2 3
printf 'x%sy\n' "" 
printf '%s %s %s\n' one
