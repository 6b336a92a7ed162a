# times prints two lines of user/system times
times | wc -l
times | head -1 | grep -Eq '^[0-9]+m[0-9]+\.[0-9]+s [0-9]+m[0-9]+\.[0-9]+s$' && echo format-ok
times > /dev/null; echo "status $?"
times extra-arg 2>/dev/null >/dev/null; echo "done"
