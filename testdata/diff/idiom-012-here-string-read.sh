# read -r a b <<< and IFS parsing of records
read -r a b <<< "x y"
echo "$a/$b"
IFS=: read -r user _ uid _ <<< "root:x:0:0:root:/root:/bin/bash"
echo "$user $uid"
IFS=. read -r maj min patch <<< "5.2.15"
echo "$((maj * 100 + min))"
