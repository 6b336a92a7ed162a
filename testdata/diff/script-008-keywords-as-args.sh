# keywords are only recognized in command position
echo if then fi do done case esac
echo {
x=while; echo $x
echo time function
