"""One module per export format: each turns a Synthesis into bytes (or files)."""
