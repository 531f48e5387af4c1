"""The domain in plain Python. Nothing here imports Qt."""
