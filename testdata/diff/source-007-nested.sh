# nested source and BASH_SOURCE-independent behaviour
echo 'echo "level1"; . ./l2.sh; echo "back in l1"' > l1.sh
echo 'echo "level2 args: $#"' > l2.sh
. ./l1.sh x y
echo done
