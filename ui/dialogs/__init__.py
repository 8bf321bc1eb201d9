"""Edit dialogs."""
