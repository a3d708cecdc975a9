"""Published views: frozen figures shown exactly as published, and the chrome-less embed."""
