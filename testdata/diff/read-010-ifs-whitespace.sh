# read with custom IFS and whitespace handling
IFS=, read -r a b c <<< " x , y ,z "
echo "[$a][$b][$c]"
IFS=$'\t' read -r a b <<< $'col 1\tcol 2'
echo "[$a][$b]"
IFS= read -r raw <<< $'\t indented'
echo "[$raw]"
