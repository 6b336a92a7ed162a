# regex alternation, anchors and character classes
for w in cat dog bird 42 'a b'; do
  if [[ $w =~ ^(cat|dog)$ ]]; then echo "$w pet"
  elif [[ $w =~ ^[[:digit:]]+$ ]]; then echo "$w number"
  elif [[ $w =~ [[:space:]] ]]; then echo "$w has space"
  else echo "$w other"; fi
done
