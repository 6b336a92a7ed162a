# LINENO tracks script lines
echo "line $LINENO"
f() {
  echo "in f line $LINENO"
}
f
echo "line $LINENO"
