# >( ) as output file; poll (bounded) for the asynchronous writer to finish
waitfor() { local i=0; until [ -s "$1" ] || (( i++ > 300 )); do sleep 0.01; done; }
echo data > >(tr a-z A-Z > out.txt)
waitfor out.txt
cat out.txt
printf 'b\na\n' | tee >(sort > sorted.txt) >/dev/null
waitfor sorted.txt
cat sorted.txt
