"""A queue worker: reads jobs from stdin, one per line, and reports each."""
import sys

for line in sys.stdin:
    print(f"processed {line.strip()}", flush=True)
