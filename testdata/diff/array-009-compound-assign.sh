# compound assignment with explicit indices and expansions
n=3
a=([n]=three [0]=zero one)
echo "${!a[@]} | ${a[@]}"
b=($(echo x y) "$(echo 'p q')")
echo ${#b[@]}
touch g1 g2
c=(g*)
echo "${c[@]}"
