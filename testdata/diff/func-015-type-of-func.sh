# functions with keywords and braces on separate lines
f()
{
  echo brace-on-next-line
}
f
function g
{
  echo keyword-form
}
g
