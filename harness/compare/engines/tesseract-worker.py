"""A warm Tesseract for `npm run compare`: libtesseract (Debian's) loaded once through tesserocr.

Reads one JSON request per stdin line, {"file": path}, and answers one JSON line, {"text": ...} or
{"error": ...}. The `tesseract` CLI would reload chi_sim+eng (about 1.5 s) for every image, which would
measure model loading rather than reading; a process per image is what this worker avoids.
"""
import json
import sys

import tesserocr

lang, psm, tessdata = sys.argv[1], int(sys.argv[2]), sys.argv[3]
api = tesserocr.PyTessBaseAPI(path=tessdata, lang=lang, psm=psm)
print(json.dumps({"ready": True, "version": tesserocr.tesseract_version().splitlines()[0]}), flush=True)
for line in sys.stdin:
    try:
        api.SetImageFile(json.loads(line)["file"])
        out = {"text": api.GetUTF8Text()}
    except Exception as e:  # one bad image is an answer, not the end of the worker
        out = {"error": str(e)}
    print(json.dumps(out), flush=True)
