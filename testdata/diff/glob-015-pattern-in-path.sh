# glob in middle of path and absolute relative
mkdir -p p1/q p2/q p3/r && touch p1/q/f p2/q/f p3/r/f
echo p*/q/f
echo ./p?/*/f
echo p[12]/q
