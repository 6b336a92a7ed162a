# test builtin agrees with /usr/bin/test
for args in '1 -lt 2' 'a = b' '-n x' '-z x' '! -e nosuch'; do
  test $args; a=$?
  /usr/bin/test $args; b=$?
  echo "$args: $a $b"
done
