# here-strings <<<
cat <<< 'single line'
x='a b  c'
cat <<< $x
cat <<< "$x"
wc -l <<< ''
read -r first rest <<< "one two three"
echo "$first|$rest"
tr a-z A-Z <<< "$(echo piped)"
