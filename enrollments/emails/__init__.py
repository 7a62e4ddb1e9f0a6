"""Progress emails: who is due (finders), when (schedule), what (render), how (sending)."""
