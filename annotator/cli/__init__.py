"""The command line: a first-class face of the core. It never imports Qt unless it starts the GUI."""
