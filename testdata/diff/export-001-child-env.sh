# export variables and prefix assignments reach children
export A=1
B=2
C=3 sh -c 'echo "$A $B $C"'
echo "C after: [$C]"
export B
sh -c 'echo "B=$B"'
