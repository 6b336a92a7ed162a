# arithmetic: comparison operators yield 0/1
# each expression is passed as a string and evaluated by name
for e in '1<2' '2<1' '2<=2' '3>=4' '5>4' '5==5' '5!=5' '0==0'; do
  echo "$e => $(( e ))"
done
