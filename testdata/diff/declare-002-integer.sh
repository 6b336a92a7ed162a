# declare -i and declare -p output
declare -i n=7*6
declare -p n
n+=8
echo $n
declare -i m
m=hello
echo "[$m]"
declare +i n
n=1+1
echo $n
