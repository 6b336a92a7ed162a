# > and >> create, truncate and append
echo one > f
echo two >> f
cat f
echo three > f
cat f
>empty
[ -e empty ] && [ ! -s empty ] && echo empty-created
