# brace expansion sequences
echo {1..5}
echo {5..1}
echo {a..e}
echo {1..10..3}
echo {10..1..4}
echo {-2..2}
echo {01..10}
echo {a..k..2}
