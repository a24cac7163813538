"""Write stage: turn plans into bytes. Each writer imports only its own library."""
