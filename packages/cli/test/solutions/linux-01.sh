# reference: linux-01 mkdir notes and write the todo line
mkdir -p notes
echo 'learn linux' > notes/todo.txt
