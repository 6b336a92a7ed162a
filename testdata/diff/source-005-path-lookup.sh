# source searches PATH for names without slash
mkdir lib
echo 'echo found-in-path' > lib/helper.sh
PATH="$HOME/lib:$PATH"
source helper.sh
echo 'echo found-in-cwd' > local.sh
source local.sh 2>/dev/null || echo "not in path"
