# arithmetic: += on strings vs integers
s=5
s+=1
echo $s
(( s += 1 ))
echo $s
declare -i t=5
t+=1
echo $t
