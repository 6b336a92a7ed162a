# nested locals shadow and restore
v=0
a() { local v=1; b; echo "a: $v"; }
b() { local v=2; c; echo "b: $v"; }
c() { echo "c sees: $v"; v=3; }
a
echo "top: $v"
