# reference: linux-03 tar the notes directory with gzip
mkdir -p notes
echo 'learn linux' > notes/todo.txt
tar -czf backup.tar.gz notes
