# functions defining functions
outer() {
  inner() { echo "inner defined by outer"; }
  echo outer ran
}
inner 2>/dev/null || echo "inner not yet"
outer
inner
