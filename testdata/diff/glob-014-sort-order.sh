# glob results are sorted (C locale)
touch B a _c C b 1 ab Ab
echo *
printf '%s\n' [[:lower:]]*
echo [A-Z]*
