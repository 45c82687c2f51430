"""Post-workshop synthesis and its export formats (see model.py for the shared data)."""
