# brace expansion in commands creating files
mkdir -p d/{src,doc}/{a,b}
find d | sort
touch t{1..3}.log
ls t*.log
