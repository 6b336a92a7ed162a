# IFS during read and leftover assignment
IFS=: read -r a b c <<< 'one:two:three:four'
echo "[$a] [$b] [$c]"
IFS=: read -r a b <<< 'x:y:'
echo "[$a] [$b]"
read -r a b <<< '  lead   trail  '
echo "[$a] [$b]"
IFS= read -r a <<< '  kept  '
echo "[$a]"
