"""What each page decides before it draws: its URL parameters, its choices, the sentences, captions and notes it shows
and the tables it shapes. Pure functions of the data and the view state, so tests call them without a running app;
``dashboard.ui`` draws what they return."""
