# read -p prompt goes to stderr only for terminals; -s silent
read -r -p "prompt: " x <<< "answer" 2>/dev/null
echo "[$x]"
read -r -s y <<< "secret"
echo "[$y]"
read -rsp 'p' -n 2 z <<< "zz9"
echo "[$z]"
