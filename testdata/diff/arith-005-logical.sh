# arithmetic: logical operators && || ! and short circuit
x=0
echo $(( 0 && (x=1) )) x=$x
echo $(( 1 || (x=2) )) x=$x
echo $(( 1 && (x=3) )) x=$x
echo $(( 0 || (x=4) )) x=$x
echo $(( !5 )) $(( !0 )) $(( !!7 ))
echo $(( 3 && 4 )) $(( 0 || 0 ))
