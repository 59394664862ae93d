"""The Telegram front end of crisisbot: questions in, verbatim quotes with their sources out."""
