# set -C / noclobber and >|
echo first > f
set -C
( echo second > f ) 2>/dev/null || echo "blocked"
echo third >| f
cat f
[[ $- == *C* ]] && echo "C in \$-"
set +C
echo fourth > f && cat f
