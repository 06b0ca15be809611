import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEngine, ENGINE_DEFAULTS, type OcrEngine } from './engine.ts';
import { OcrError } from './errors.ts';

const read = (f: string) => readFile(`datasets/real-public/${f}`);
let engine: OcrEngine;

before(async () => {
  engine = await createEngine();
});
after(() => engine.close());

describe('engine on real images with the real PP-OCRv4 models', () => {
  const lines: { file: string; want: string; why: string }[] = [
    { file: 'lines/rapidocr_text_rec.jpg', want: '韩国小馆', why: 'a plain scene word' },
    { file: 'lines/paddle_en_word_1.png', want: 'JOINT', why: 'an English word' },
    { file: 'lines/rapidocr_text_cls.jpg', want: '怪我咯', why: 'upside down: the classifier is on by default' },
    { file: 'lines/rapidocr_black_font_color_transparent.png', want: '我是中国人', why: 'black text on a transparent background' },
  ];
  for (const c of lines) {
    it(`line mode reads ${c.file} (${c.why})`, async () => {
      const r = await engine.recognize(await read(c.file), { mode: 'line' });
      assert.equal(r.text, c.want);
      assert.equal(r.lines.length, 1);
      assert.equal(r.timings.detect >= 0 && r.timings.recognize > 0, true);
    });
  }

  it('applies EXIF orientation before reading (page mode, no classifier)', async () => {
    const r = await engine.recognize(await read('lines/rapidocr_img_exif_orientation.jpg'), { mode: 'page' });
    assert.equal(r.text, '我是中国人');
  });

  it('keeps the spaces between English words on a scanned paragraph (the third int8 recognizer twin dropped them)', async () => {
    const r = await engine.recognize(await read('pages/rapidocr_en.jpg'));
    for (const want of ['shot type annotation set', '46K shots from 7858 movies.']) {
      assert.ok(r.text.includes(want), `expected ${JSON.stringify(want)} in ${JSON.stringify(r.text)}`);
    }
  });

  it('reads a train ticket page in reading order with boxes inside the image', async () => {
    const r = await engine.recognize(await read('pages/chocr_train-demo.jpg'));
    const texts = r.lines.map((l) => l.text);
    for (const want of ['7788.com', 'D020221', '宜春站', 'G1418', '南昌西站', 'Yichun', 'Nanchangxi', '03车06F号', '二等座', '限乘当日当次车']) {
      assert.ok(texts.includes(want), `expected the line ${want} in ${JSON.stringify(texts)}`);
    }
    assert.ok(texts.indexOf('宜春站') < texts.indexOf('Yichun'), 'station name above its romanisation');
    assert.ok(texts.indexOf('G1418') < texts.indexOf('二等座'));
    for (const l of r.lines) {
      for (const [x, y] of l.box) assert.ok(x >= 0 && y >= 0 && x <= r.width && y <= r.height, `box ${JSON.stringify(l.box)}`);
      assert.ok(l.confidence > 0.5 && l.confidence <= 1);
    }
    assert.equal(r.text, texts.join('\n'));
    assert.deepEqual(r.models.map((m) => m.role), ['det', 'cls', 'rec']);
  });

  it('reads an English poster with word gaps', async () => {
    const r = await engine.recognize(await read('pages/easyocr_english.png'));
    assert.equal(r.lines[0].text, 'Reduce your risk of coronavirus infection:');
    assert.ok(r.lines.some((l) => l.text === 'Thoroughly cook meat and eggs'));
  });

  it('restores word gaps the best path drops (the space weight), without splitting numbers or Chinese', async () => {
    const texts = async (f: string) => (await engine.recognize(await read(f))).lines.map((l) => l.text);
    const poster = await texts('pages/easyocr_english.png');
    assert.ok(poster.includes('Clean hands with soap and water'), JSON.stringify(poster));
    const plaque = await texts('pages/mmocr_demo_text_det.jpg');
    for (const want of ['Octavia Hill', 'and pioneered']) assert.ok(plaque.includes(want), `${want} in ${JSON.stringify(plaque)}`);
    const pass = await texts('pages/paddle_00006737.jpg');
    assert.ok(pass.includes('MU 2379'), JSON.stringify(pass));
    const sheet = await texts('pages/paddle_00059985.jpg');
    for (const want of ['8.29×100=', '7.05×0.84=']) assert.ok(sheet.includes(want), `${want} in ${JSON.stringify(sheet)}`);
  });

  it('reads digits the recognizer took for letters in a receipt\'s words as the letters (the letter/digit fix), and keeps its numbers', async () => {
    const receipt = (await engine.recognize(await read('pages/mmocr_demo_kie.jpeg'))).lines.map((l) => l.text);
    for (const want of ['Order 113533', 'Approval:052723', 'Acct:XXXXXXXX8425', '128.27']) assert.ok(receipt.includes(want), `${want} in ${JSON.stringify(receipt)}`);
    const label = (await engine.recognize(await read('pages/paddle_00077949.jpg'))).lines.map((l) => l.text);
    assert.ok(label.includes('货号：B2390'), JSON.stringify(label));
  });

  it('reads a worksheet\'s printed × that the recognizer took for X as ×', async () => {
    const sheet = (await engine.recognize(await read('pages/paddle_00059985.jpg'))).lines.map((l) => l.text);
    for (const want of ['0×4.23=', '2.8×10=', '2.97×3.8=']) assert.ok(sheet.includes(want), `${want} in ${JSON.stringify(sheet)}`);
    const off = await createEngine({ recTimesSignMinP: 0 });
    try {
      const asRead = (await off.recognize(await read('pages/paddle_00059985.jpg'))).lines.map((l) => l.text);
      assert.ok(asRead.includes('2.8X10='), `without the fix the model's own reading: ${JSON.stringify(asRead)}`);
    } finally {
      await off.close();
    }
  });

  it('gives a line it doubts a second look from a bilinear resize and keeps the surer reading (pages: lines with Han characters)', async () => {
    const poster = 'pages/rapidocr_ch_en_num.jpg';
    const plaque = 'pages/mmocr_demo_text_det.jpg';
    const off = await createEngine({ recRereadPages: 'off', recRereadBelow: 0 });
    const all = await createEngine({ recRereadPages: 'all' });
    try {
      const lines = async (e: OcrEngine, f: string) => (await e.recognize(await read(f))).lines;
      const first = (await lines(off, poster)).find((l) => l.text.startsWith('券后价'));
      assert.ok(first && first.confidence < ENGINE_DEFAULTS.recRereadBelow && first.text !== '券后价￥', `read once: ${JSON.stringify(first)}`);
      const second = (await lines(engine, poster)).find((l) => l.text.startsWith('券后价'));
      assert.equal(second?.text, '券后价￥');
      // The plaque's English lines hold no Han character: by default they read as with the second look off,
      // while every line looked at twice turns its curved `London` into `Ou` (docs/results/2026-12-06-second-look.md).
      const texts = async (e: OcrEngine) => (await lines(e, plaque)).map((l) => l.text);
      const [plain, byDefault, twice] = [await texts(off), await texts(engine), await texts(all)];
      assert.deepEqual(byDefault, plain);
      assert.notDeepEqual(twice, plain);
      // Line mode looks at every doubted line twice: the same line cut out reads surer than with the second look off.
      const sharp = (await import('sharp')).default;
      const line = await sharp(await read(poster)).extract({ left: 97, top: 317, width: 35, height: 17 }).png().toBuffer();
      const [a, b] = await Promise.all([off.recognize(line, { mode: 'line' }), engine.recognize(line, { mode: 'line' })]);
      assert.ok(a.lines[0].confidence < ENGINE_DEFAULTS.recRereadBelow && b.lines[0].confidence > a.lines[0].confidence, `${a.lines[0].confidence} -> ${b.lines[0].confidence}`);
    } finally {
      await Promise.all([off.close(), all.close()]);
    }
  });

  it('reads a printed °C with one degree sign (rendered lines: the recognizer adds a ° before its ℃ class)', async () => {
    const sharp = (await import('sharp')).default;
    const lines = [
      { font: 'DejaVu Sans', size: 32, text: 'Store below 37.2°C' },
      { font: 'Liberation Serif', size: 22, text: '水温 60°C 以下' },
    ];
    for (const l of lines) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${l.text.length * l.size}" height="${l.size * 2}"><rect width="100%" height="100%" fill="white"/><text x="10" y="${l.size * 1.3}" font-family="${l.font}" font-size="${l.size}">${l.text}</text></svg>`;
      const r = await engine.recognize(await sharp(Buffer.from(svg)).png().toBuffer(), { mode: 'line' });
      const got = r.text.normalize('NFKC');
      assert.ok(/\d°C/.test(got) && !got.includes('°°'), `${l.font}: ${JSON.stringify(r.text)}`);
    }
  });

  it('leaves out icons read as one doubtful character, and keeps one-character signs read with confidence', async () => {
    // A laundry label: its care icons come back as 区 and 福 (confidence < 0.8) without the rule.
    const label = (await engine.recognize(await read('pages/paddle_00009282.jpg'))).lines.map((l) => l.text);
    assert.ok(!label.includes('区') && !label.includes('福'), JSON.stringify(label));
    for (const want of ['洗涤说明', '常规程序', '不可漂白']) assert.ok(label.includes(want), JSON.stringify(label));
    // A street sign whose labels are single characters: 西, 东, W, E.
    const sign = (await engine.recognize(await read('pages/easyocr_chinese.jpg'))).lines.map((l) => l.text);
    for (const want of ['西', '东', 'W', 'E']) assert.ok(sign.includes(want), JSON.stringify(sign));
  });

  it('a blank image has no lines, not an error', async () => {
    const sharp = (await import('sharp')).default;
    const blank = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const r = await engine.recognize(blank);
    assert.deepEqual([r.text, r.lines.length, r.width, r.height], ['', 0, 300, 200]);
  });

  it('bad input is a typed error and the engine keeps working', async () => {
    await assert.rejects(engine.recognize(new Uint8Array(0)), (e: unknown) => e instanceof OcrError && e.code === 'empty_image');
    await assert.rejects(engine.recognize(new TextEncoder().encode('not an image')), (e: unknown) => e instanceof OcrError && e.code === 'invalid_image');
    const r = await engine.recognize(await read('lines/rapidocr_text_rec.jpg'), { mode: 'line' });
    assert.equal(r.text, '韩国小馆');
  });

  it('concurrent calls give the same answers as sequential ones', async () => {
    const files = ['lines/rapidocr_text_rec.jpg', 'lines/paddle_en_word_1.png', 'pages/easyocr_chinese.jpg'];
    const inputs = await Promise.all(files.map(read));
    const sequential = [];
    for (const b of inputs) sequential.push((await engine.recognize(b)).text);
    const concurrent = await Promise.all(inputs.map(async (b) => (await engine.recognize(b)).text));
    assert.deepEqual(concurrent, sequential);
  });
});

describe('profiles (server/ocr/profiles.ts)', () => {
  it('accurate is ENGINE_DEFAULTS; fast takes its options from PROFILES.fast; options given beside it win', async () => {
    const { PROFILES } = await import('./profiles.ts');
    const { defaults: fastDefaults, ...fastOptions } = PROFILES.fast;
    assert.deepEqual({ ...engine.config, profile: undefined }, { ...ENGINE_DEFAULTS, profile: undefined });
    assert.equal(engine.config.profile, 'accurate');
    const fast = await createEngine({ profile: 'fast', limitSideLen: 1024, recRereadBelow: undefined });
    try {
      assert.equal(fast.config.profile, 'fast');
      for (const [k, v] of Object.entries(fastOptions)) if (k !== 'limitSideLen') assert.deepEqual(fast.config[k as keyof typeof fast.config], v, k);
      assert.equal(fast.config.limitSideLen, 1024);
      assert.deepEqual(fast.config.defaults, { ...ENGINE_DEFAULTS.defaults, ...fastDefaults });
      if (fastOptions.precision === 'int8') assert.ok(fast.models.some((m) => m.precision === 'int8'));
      const r = await fast.recognize(await read('lines/paddle_en_word_1.png'), { mode: 'line' });
      assert.equal(r.text, 'JOINT');
    } finally {
      await fast.close();
    }
  });
  it('every session a profile creates is kept in the optimized-graph cache, the line recognizer too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ort-cache-'));
    const saved = process.env.OCRBENCH_ORT_CACHE;
    process.env.OCRBENCH_ORT_CACHE = dir;
    try {
      const fast = await createEngine({ profile: 'fast' });
      await fast.close();
      const cached = readdirSync(dir).map((f) => f.replace(/-[0-9a-f]{24}\.onnx$/, '')).sort();
      assert.deepEqual(cached, fast.models.map((m) => m.id).sort());
    } finally {
      if (saved === undefined) delete process.env.OCRBENCH_ORT_CACHE;
      else process.env.OCRBENCH_ORT_CACHE = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
