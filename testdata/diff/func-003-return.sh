# return status and default return of last command
f() { return 3; }
f; echo $?
g() { false; }
g; echo $?
h() { true; return; }
h; echo $?
k() { (exit 7); return; }
k; echo $?
m() { return 300; }
m; echo $?
