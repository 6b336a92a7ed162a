# case ;& falls through and ;;& continues testing
for w in a b c; do
  case $w in
    a) echo "$w: a";&
    b) echo "$w: a-or-b fallthrough";;
    c) echo "$w: c";;&
    [a-c]) echo "$w: class after ;;&";;&
    *) echo "$w: default after ;;&";;
  esac
done
