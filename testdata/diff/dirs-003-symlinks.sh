# cd -L and -P with symlinks
mkdir -p real/inner
ln -s real link
cd link
echo "${PWD#$HOME}"
pwd -P | sed "s|^$(cd "$HOME" && pwd -P)||"
cd -P ../link
echo "${PWD#$(cd "$HOME" && pwd -P)}"
