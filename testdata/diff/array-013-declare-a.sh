# declare -a and declare -p output
declare -a a=(one 'two words' "q\"uote")
declare -p a
declare -a e
declare -p e
e=()
declare -p e
s=([3]=x)
declare -p s
