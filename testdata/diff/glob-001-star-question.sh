# basic globbing with * ? and sorted results
touch apple apricot banana cherry a.txt b.txt
echo a*
echo ?.txt
echo *an*
echo *.txt
echo ??????
