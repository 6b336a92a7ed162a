# case with | alternatives and quoted patterns
for w in yes Y no n maybe '*'; do
  case $w in
    yes|y|Y) echo "$w -> yes";;
    no|n|N) echo "$w -> no";;
    '*') echo "literal star";;
    *) echo "$w -> unknown";;
  esac
done
