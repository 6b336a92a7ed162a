# command separators
echo a; echo b
echo c;
{ echo d; echo e; }
if true; then echo f; fi; echo g
for i in 1; do echo h; done; while false; do :; done; echo i
