# N>&M- moves a descriptor
exec 3> f3
exec 4>&3-
echo via4 >&4
( echo via3 >&3 ) 2>/dev/null; echo "3 closed: $?"
exec 4>&-
cat f3
exec 5< f3
exec 6<&5-
read -r l <&6; echo "read via 6: $l"
