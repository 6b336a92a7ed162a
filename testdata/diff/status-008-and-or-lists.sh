# && || lists and their statuses
true && echo a || echo b
false && echo c || echo d
false || false || echo e
true || echo never; echo "status $?"
false && echo never; echo "status $?"
{ false || true; } && echo grouped
