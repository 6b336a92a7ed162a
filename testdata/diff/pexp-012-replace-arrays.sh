# replacement and removal applied to each array element
a=(apple banana cherry)
echo "${a[@]/a/A}"
echo "${a[@]//a/A}"
echo "${a[@]#?}"
echo "${a[@]%?}"
echo "${a[@]/#/pre-}"
echo "${a[@]/%/-suf}"
set -- one.txt two.txt
echo "${@%.txt}"
