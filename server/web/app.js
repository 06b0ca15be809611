// The page's only script: sends the image to POST /api/ocr and draws what comes back. No framework,
// no CDN: the server serves this file itself.
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const STAGES = ['queue', 'decode', 'preprocess', 'detect', 'boxes', 'crop', 'classify', 'recognize', 'total'];
let lastFile = null;

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

/** Parses `name;desc="x";dur=1.2, …` into { name: ms }. */
function parseServerTiming(header) {
  const out = {};
  for (const part of (header || '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    if (name && dur) out[name] = Number(dur.slice(4));
  }
  return out;
}

async function recognize(file) {
  lastFile = file;
  setStatus(`Recognising ${file.name || 'pasted image'}…`);
  const form = new FormData();
  form.append('image', file, file.name || 'pasted.png');
  form.append('mode', $('mode').value);
  form.append('cls', String($('cls').checked));
  const t0 = performance.now();
  let res;
  try {
    res = await fetch('/api/ocr', { method: 'POST', body: form });
  } catch (e) {
    setStatus(`Request failed: ${e.message}`, true);
    return;
  }
  const body = await res.json().catch(() => null);
  if (!res.ok || !body || body.error) {
    const err = body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
    setStatus(`Error ${res.status} — ${err}`, true);
    return;
  }
  const ms = Math.round(performance.now() - t0);
  setStatus(`${body.lines.length} lines in ${ms} ms${body.cached ? ' (cached)' : ''}`);
  show(file, body, parseServerTiming(res.headers.get('Server-Timing')));
}

function show(file, body, timing) {
  const img = $('image');
  if (img.dataset.url) URL.revokeObjectURL(img.dataset.url);
  img.dataset.url = URL.createObjectURL(file);
  img.src = img.dataset.url;
  $('result').hidden = false;

  const svg = $('overlay');
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${body.width} ${body.height}`);
  const fontSize = Math.max(12, Math.round(Math.max(body.width, body.height) / 50));
  body.lines.forEach((line, i) => {
    const poly = document.createElementNS(SVG, 'polygon');
    poly.setAttribute('points', line.box.map((p) => p.join(',')).join(' '));
    poly.dataset.index = String(i + 1);
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(line.box[0][0]));
    label.setAttribute('y', String(Math.max(fontSize, line.box[0][1])));
    label.setAttribute('font-size', String(fontSize));
    label.textContent = String(i + 1);
    svg.append(poly, label);
  });

  $('count').textContent = `(${body.lines.length})`;
  $('lines').replaceChildren(
    ...body.lines.map((line) => {
      const li = document.createElement('li');
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = line.text;
      const conf = document.createElement('span');
      conf.className = 'conf';
      conf.textContent = `${(line.confidence * 100).toFixed(1)}%`;
      li.append(text, conf);
      return li;
    }),
  );

  const rows = STAGES.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.stage = s;
    const ms = timing[s] ?? (s === 'queue' ? undefined : body.timings[s]);
    tr.innerHTML = `<td>${s}</td><td>${ms === undefined ? '–' : ms.toFixed(1)}</td>`;
    return tr;
  });
  $('timings').tBodies[0].replaceChildren(...rows);
}

function firstImage(files) {
  return [...(files || [])].find((f) => f.type.startsWith('image/'));
}

$('file').addEventListener('change', (e) => {
  const f = firstImage(e.target.files);
  if (f) recognize(f);
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const f = firstImage(e.dataTransfer.files);
  if (f) recognize(f);
  else setStatus('That was not an image.', true);
});
document.addEventListener('paste', (e) => {
  const f = firstImage([...e.clipboardData.items].filter((i) => i.kind === 'file').map((i) => i.getAsFile()));
  if (f) recognize(f);
});
for (const id of ['mode', 'cls']) $(id).addEventListener('change', () => lastFile && recognize(lastFile));
