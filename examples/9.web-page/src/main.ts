// The page: a form, a drop zone, and the results the worker sends back. Nothing heavy runs here.
import { overlayCanvas } from './overlay';
import type { ImageResult, Reply, Request, RunResult, Settings } from './protocol';
import './style.css';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>('status');
const bar = $<HTMLProgressElement>('progress');
const verdictBox = $<HTMLElement>('verdict');
const imagesBox = $<HTMLElement>('images');
const fileInput = $<HTMLInputElement>('files');
const demoButton = $<HTMLButtonElement>('demo');
const dropZone = $<HTMLElement>('drop');

const pageStart = performance.now();
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (request: Request, transfer: Transferable[] = []) => worker.postMessage(request, transfer);
send({
  type: 'init',
  modelUrl: new URL('model/model.json', document.baseURI).href,
  wasmUrl: new URL('tfjs-wasm/', document.baseURI).href,
});

let nextId = 1;
let running: number | null = null;

function setBusy(id: number | null): void {
  running = id;
  demoButton.disabled = id !== null;
  fileInput.disabled = id !== null;
  document.body.dataset.busy = String(id !== null);
}

function settings(): Settings {
  const number = (id: string) => {
    const value = Number.parseFloat($<HTMLInputElement>(id).value);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const out: Settings = {};
  const calibration = number('calibration');
  const lattice = number('lattice');
  const voltage = number('voltage');
  if (calibration) out.calibration = calibration;
  if (lattice) out.lattice = lattice;
  if (voltage) out.voltage = voltage;
  return out;
}

const percent = (p: number) => `${(100 * p).toFixed(p >= 0.995 || p < 0.005 ? 0 : 1)}%`;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showVerdict(result: RunResult): void {
  const { verdict } = result;
  verdictBox.replaceChildren();
  verdictBox.hidden = false;
  const headline = verdict.unsupported
    ? `Not one of the supported groups (${percent(verdict.outOfScope)}): no supported group explains these patterns together`
    : verdict.abstained || verdict.best === null
      ? 'Not sure yet'
      : `Space group ${verdict.best}`;
  verdictBox.append(element('h2', headline));
  const list = element('ul', undefined, 'groups');
  for (const g of verdict.groups.filter((g) => g.probability >= 0.005)) {
    const item = element('li');
    const meter = element('span', undefined, 'meter');
    meter.style.width = `${Math.max(1, 100 * g.probability)}%`;
    item.append(element('b', String(g.spaceGroup)), meter, element('span', percent(g.probability)));
    list.append(item);
  }
  verdictBox.append(list);
  if (verdict.nextZone && (verdict.abstained || verdict.unsupported)) {
    verdictBox.append(
      element(
        'p',
        `Record ${verdict.nextZone.zone} next to separate the top candidates (${verdict.nextZone.bits.toFixed(2)} bits expected).`,
        'next',
      ),
    );
  } else if (verdict.nextZone && verdict.nextZone.bits > 0.01) {
    verdictBox.append(element('p', `To confirm, record ${verdict.nextZone.zone}.`, 'next'));
  }
  if (verdict.hiddenLookAlikes && !verdict.abstained && !verdict.unsupported) {
    verdictBox.append(element('p', verdict.hiddenLookAlikes, 'next'));
  }
  if (result.crystal) {
    verdictBox.append(
      element(
        'p',
        `Demo crystal: ${result.crystal.name}, space group ${result.crystal.spaceGroup} (${result.crystal.symbol}).`,
        'truth',
      ),
    );
  }
  verdictBox.append(
    element(
      'p',
      `${result.images.length} pattern${result.images.length === 1 ? '' : 's'}, spot spacings compared in ${result.spacingUnit}; ${result.seconds.toFixed(2)} s.`,
      'small',
    ),
  );
  verdictBox.append(
    element(
      'p',
      'Overlays: orange circles the spots found, cyan dots the 2-D lattice fitted to them, pink arrows its basis a, b.',
      'small',
    ),
  );
  verdictBox.dataset.best = verdict.best === null ? '' : String(verdict.best);
  verdictBox.dataset.state = verdict.unsupported ? 'unsupported' : verdict.abstained ? 'not-sure' : 'sure';
}

function imageCard(image: ImageResult): HTMLElement {
  const card = element('article', undefined, 'card');
  card.append(element('h3', image.name));
  card.append(overlayCanvas(image));
  const best = image.labels[0]!;
  card.append(element('p', `2-D lattice label ${best.label} (${percent(best.probability)})`, 'label'));
  const table = element('table');
  for (const l of image.labels) {
    const row = element('tr');
    row.append(element('td', l.label), element('td', percent(l.probability)));
    table.append(row);
  }
  card.append(table);
  card.append(element('p', `Seen as ${image.lookAlikes.join(', ') || '—'}`, 'small'));
  const facts = [
    image.zone ? `recorded along ${image.zone}` : '',
    `${image.width}×${image.height} px`,
    image.spacing === undefined ? 'no lattice fitted' : `spot spacing ${image.spacing.toPrecision(3)}`,
    image.calibration ? `${image.calibration} Å⁻¹/px` : '',
    ...image.notes,
  ].filter(Boolean);
  card.append(element('p', facts.join(' · '), 'small'));
  return card;
}

function run(request: Exclude<Request, { type: 'init' }>, transfer: Transferable[] = []): void {
  if (running !== null) return;
  setBusy(request.id);
  verdictBox.dataset.state = 'running';
  send(request, transfer);
}

async function classifyFiles(files: FileList | File[]): Promise<void> {
  const list = [...files];
  if (list.length === 0 || running !== null) return;
  const inputs = await Promise.all(
    list.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })),
  );
  run(
    { type: 'classify', id: nextId++, files: inputs, settings: settings() },
    inputs.map((f) => f.bytes),
  );
}

worker.onmessage = ({ data: reply }: MessageEvent<Reply>) => {
  if (reply.type === 'progress') {
    status.textContent = reply.message;
    if (reply.fraction !== undefined) bar.value = reply.fraction;
    bar.hidden = false;
  } else if (reply.type === 'ready') {
    status.textContent = `Model ready: ${reply.labels} labels on ${reply.backend}, loaded in ${reply.seconds.toFixed(1)} s. Drop patterns, or try the demo crystal.`;
    bar.hidden = true;
    document.body.dataset.ready = 'true';
  } else if (reply.type === 'result') {
    setBusy(null);
    bar.hidden = true;
    showVerdict(reply.result);
    imagesBox.replaceChildren(...reply.result.images.map(imageCard));
    status.textContent = 'Done.';
    if (!document.body.dataset.firstVerdictMs) {
      document.body.dataset.firstVerdictMs = String(Math.round(performance.now() - pageStart));
    }
  } else {
    setBusy(null);
    bar.hidden = true;
    status.textContent = `Error: ${reply.message}`;
    verdictBox.dataset.state = 'error';
  }
};

demoButton.addEventListener('click', () => run({ type: 'demo', id: nextId++, settings: settings() }));
fileInput.addEventListener('change', () => {
  if (fileInput.files) void classifyFiles(fileInput.files);
  fileInput.value = '';
});
for (const type of ['dragenter', 'dragover'] as const) {
  dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('over');
  });
}
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('over');
  if (event.dataTransfer?.files) void classifyFiles(event.dataTransfer.files);
});
