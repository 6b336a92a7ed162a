# arithmetic: variables with and without $, unset and empty as 0
unset u
e=
n=7
echo $(( u + 1 )) $(( e + 1 )) $(( n + 1 )) $(( $n + 1 ))
s=n
echo $(( s + 1 ))
t=s
echo $(( t * 2 ))
expr='3 + 4'
echo $(( expr * 2 )) $(( $expr * 2 ))
