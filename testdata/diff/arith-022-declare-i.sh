# declare -i: assignments are evaluated arithmetically
declare -i n
n='2 + 3'
echo $n
n+=4
echo $n
n='n * 2'
echo $n
n=abc
echo $n
declare -i m=010
echo $m
