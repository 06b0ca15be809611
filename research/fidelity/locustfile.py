"""
The seed report's client, as a Locust file: users POST page images to the OCR endpoint as the
multipart field `image`, wait for the answer, think 1 s, and repeat.

Run by research/fidelity/fidelity.ts (--workload pages) beside our harness, against one server:

  locust -f research/fidelity/locustfile.py --headless -u 10 -r 100 -t 60s --host http://127.0.0.1:PORT

Environment (set by fidelity.ts; all optional except OCRBENCH_SAMPLES):
  OCRBENCH_PATH     path and query of the endpoint (default /api/ocr?mode=page&cls=false)
  OCRBENCH_SAMPLES  file with one image path per line: the order every user draws from, shared with
                    our harness so both send the same pages in the same order
  OCRBENCH_RECORD   CSV written at the end: start (epoch s), response time (ms, unrounded), status, ok
  OCRBENCH_THINK_S  think time in seconds (default 1, constant, as our scenarios' thinkTime: '1s')

Locust's own statistics round response times above 1 s to 100 ms (stats.py), coarser than the 5%
we compare at, so the record keeps every raw time and fidelity.ts computes both clients' figures with
one function.
"""
import itertools
import mimetypes
import os

from locust import HttpUser, constant, events, task

PATH = os.environ.get("OCRBENCH_PATH", "/api/ocr?mode=page&cls=false")
THINK_S = float(os.environ.get("OCRBENCH_THINK_S", "1"))
RECORD = os.environ.get("OCRBENCH_RECORD")

with open(os.environ["OCRBENCH_SAMPLES"], encoding="utf-8") as f:
    _paths = [line.strip() for line in f if line.strip()]
_images = {p: open(p, "rb").read() for p in set(_paths)}
# One sequence for all users (gevent runs them on one thread): the same order our harness sends.
_next = itertools.cycle(_paths).__next__
_records = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, start_time=None, **_kw):
    status = getattr(response, "status_code", 0) or 0
    _records.append((start_time, response_time, status, 1 if exception is None and 200 <= status < 300 else 0))


@events.quitting.add_listener
def _write(environment, **_kw):
    if RECORD:
        with open(RECORD, "w", encoding="utf-8") as f:
            for r in _records:
                f.write("%r,%r,%d,%d\n" % r)


class OcrUser(HttpUser):
    wait_time = constant(THINK_S)

    @task
    def ocr(self):
        path = _next()
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        files = {"image": (os.path.basename(path), _images[path], kind)}
        with self.client.post(PATH, files=files, name="ocr", catch_response=True) as res:
            if res.status_code != 200:
                res.failure("HTTP %d" % res.status_code)
