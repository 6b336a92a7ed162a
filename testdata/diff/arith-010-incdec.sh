# arithmetic: pre/post increment and decrement
i=5
echo $(( i++ )) $i
echo $(( ++i )) $i
echo $(( i-- )) $i
echo $(( --i )) $i
j=0
(( j++ )); echo "status $? j=$j"
(( j++ )); echo "status $? j=$j"
(( --j )); echo "status $? j=$j"
(( --j )); echo "status $? j=$j"
