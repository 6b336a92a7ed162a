# declare -u -l -c case attributes
declare -u up=hello
declare -l low=WORLD
echo $up $low
up+=' more'
echo "$up"
low=MiXeD
echo $low
declare -p up low
