# case with literal and glob patterns
for w in apple banana cherry 42 ''; do
  case $w in
    apple) echo "$w: exact";;
    b*) echo "$w: starts with b";;
    *rr*) echo "$w: contains rr";;
    [0-9]*) echo "$w: number";;
    *) echo "[$w]: default";;
  esac
done
