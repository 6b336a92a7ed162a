# executable without shebang runs under the shell itself
printf 'echo "no shebang: $1"\nexit 3\n' > script
chmod +x script
./script arg1; echo "status $?"
printf 'x=$((2+3)); echo "arith $x"\n' > s2
chmod +x s2
./s2
