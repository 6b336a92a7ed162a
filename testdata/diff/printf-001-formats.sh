# printf basic format specifiers
printf '%s|%d|%i|%x|%X|%o\n' str 42 -7 255 255 8
printf '%5s|%-5s|%05d|%+d|% d\n' ab ab 42 7 7
printf '%.2s|%.3d|%10.4s|\n' abcdef 5 abcdefgh
printf '%c%c\n' hello world
printf '%%|%u\n' 3
printf '%e|%f|%.2f|%g\n' 1234.5 1.5 2.345 0.0001
