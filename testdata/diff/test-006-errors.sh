# test errors: missing ] and bad operator give status 2
( [ 1 -eq 1 ) 2>/dev/null; echo "missing bracket: $?"
( [ 1 -xx 1 ] ) 2>/dev/null; echo "bad op: $?"
( test 1 -eq ) 2>/dev/null; echo "missing operand: $?"
( [ a b c d e ] ) 2>/dev/null; echo "too many: $?"
echo end
