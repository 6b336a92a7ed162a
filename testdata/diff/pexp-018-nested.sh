# nested parameter expansions
a=/path/to/file.txt
b=${a##*/}
echo ${b%.*}
echo ${a:${#a}-3}
unset u
echo ${u:-${a%/*}}
x=file
echo "${a/${x}/FILE}"
echo "${a//${x:0:1}/F}"
