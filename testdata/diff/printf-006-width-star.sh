# * for width and precision
printf '%*s|\n' 6 right
printf '%-*s|\n' 6 left
printf '%.*s|\n' 3 truncate
printf '%*.*f|\n' 8 2 3.14159
