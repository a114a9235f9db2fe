"""Makes python/ (warden_features), python/fixtures (wifi_logs) and python/bench (agents_anchor) importable."""
import os
import sys

PYTHON = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for sub in ("", "fixtures", "bench"):
    path = os.path.join(PYTHON, sub) if sub else PYTHON
    if path not in sys.path:
        sys.path.insert(0, path)
