# reference: net-04 two lab names on one loopback line
cat > hosts <<'EOF'
# names for the lab's services, in /etc/hosts format
127.0.0.1   localhost
::1         localhost ip6-localhost

127.0.0.1   api.lab.internal db.lab.internal   # both run on this box for now
EOF
