# extglob in [[ ]] and case patterns
shopt -s extglob
for w in abc aaa 123 a1 ''; do
  case $w in
    +([a-z])) echo "$w: letters";;
    +([0-9])) echo "$w: digits";;
    '') echo "empty";;
    *) echo "$w: mixed";;
  esac
done
[[ foobar == foo@(bar|baz) ]] && echo match1
[[ foobaz != !(foo*) ]] && echo match2
