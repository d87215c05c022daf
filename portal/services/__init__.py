"""Operations that write the database, as plain Python (no Flask): views and CLI call them."""
