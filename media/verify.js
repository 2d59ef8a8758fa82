// The "Verify by training" webview page. It renders whatever state the
// extension sends (and saves it with setState, so a hidden or restored panel
// shows the same thing). No inline handlers: listeners are attached here.
(() => {
  const vscode = acquireVsCodeApi();
  /** The palette, by run: "as written" first. Theme colours via CSS variables. */
  const PALETTE = [
    '--vscode-charts-red',
    '--vscode-charts-blue',
    '--vscode-charts-green',
    '--vscode-charts-purple',
    '--vscode-charts-orange',
    '--vscode-charts-yellow',
  ];
  const FALLBACK = ['#f14c4c', '#3794ff', '#89d185', '#b180d7', '#d18616', '#cca700'];
  const VERDICT_WORDS = {
    'cannot-learn': 'cannot learn',
    learns: 'learns',
    diverges: 'diverges',
    inconclusive: 'inconclusive',
  };

  const $ = (id) => document.getElementById(id);
  let state = vscode.getState() || null;
  /** uPlot instances and the run count they were built for. */
  let charts = { loss: null, accuracy: null, runs: -1, theme: '' };

  function css(name, fallback) {
    const v = getComputedStyle(document.body).getPropertyValue(name).trim();
    return v || fallback;
  }
  const colour = (i) => css(PALETTE[i % PALETTE.length], FALLBACK[i % FALLBACK.length]);

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const heading = () => state.heading || 'Verify by training';

  function render() {
    if (!state) return;
    $('title').textContent = `${heading()} — ${state.title}`;
    const running = state.status === 'planning' || state.status === 'training';
    $('stop').hidden = !running;
    $('pick-data').hidden = running || !state.canPickData;
    renderBanner(running);
    renderProgress();
    renderRuns();
    renderCharts();
    renderInside();
    renderSymptoms();
    renderFacts();
  }

  function renderBanner(running) {
    const banner = $('banner');
    banner.className = '';
    let text = '';
    if (state.status === 'planning')
      text = state.loadingData ? 'Loading a sample of your data and preparing the models…' : 'Preparing the models…';
    else if (state.status === 'training')
      text =
        state.runs.length > 1
          ? 'Training the model as written and each fix on the same data…'
          : 'Training the model as written and watching inside it…';
    else if (state.status === 'stopped') {
      text = 'Stopped.';
      banner.className = 'neutral';
    } else if (state.status === 'error') {
      text = state.error || 'Verification failed.';
      banner.className = 'error';
    } else if (state.result) {
      text = state.result.summary;
      const asWritten = state.runs[0]?.verdict;
      banner.className = state.result.confirmed ? 'confirmed' : asWritten === 'learns' ? 'learns' : 'neutral';
    }
    if (running) banner.className = 'running';
    banner.textContent = text;
  }

  function renderProgress() {
    const p = state.progress;
    const box = $('progress');
    if (!p || !state.runs.length) {
      box.textContent = '';
      return;
    }
    const run = state.runs[p.run];
    let text = `Run ${p.run + 1} of ${state.runs.length} (${run ? run.label : ''}): epoch ${Math.max(1, p.epoch)} of ${p.epochs}`;
    if (p.batches) text += `, batch ${p.batch} of ${p.batches}`;
    box.textContent = text;
  }

  function renderRuns() {
    const box = $('runs');
    box.replaceChildren();
    state.runs.forEach((run, i) => {
      const row = el('div', 'run');
      const swatch = el('span', `swatch c${i % PALETTE.length}`);
      swatch.setAttribute('aria-hidden', 'true');
      row.append(swatch);
      const text = el('div', 'run-text');
      const head = el('div', 'run-head');
      head.append(el('span', 'run-label', run.label));
      if (run.verdict) head.append(el('span', `chip ${run.verdict}`, VERDICT_WORDS[run.verdict] || run.verdict));
      text.append(head);
      if (run.detail) text.append(el('div', 'run-detail', run.detail));
      row.append(text);
      if (run.canApply && state.status === 'finished') {
        const button = el('button', run.verdict === 'learns' ? 'apply' : 'apply secondary', 'Apply this fix');
        button.dataset.variant = String(run.variant);
        row.append(button);
      }
      box.append(row);
    });
    if (state.applied) box.append(el('div', 'applied', state.applied));
  }

  /**
   * Runs in the order their lines are drawn: the fixes first, "as written" last
   * so it stays visible on top (a 1-unit softmax trains its weights exactly like
   * the sigmoid fix under Keras 3, so their loss curves coincide).
   */
  function drawOrder() {
    return [...state.runs].reverse();
  }

  function seriesData(key) {
    const epochs = Math.max(1, ...state.runs.map((r) => r.epochs.length));
    const x = Array.from({ length: epochs }, (_, i) => i + 1);
    const data = [x];
    for (const run of drawOrder()) {
      for (const prefix of ['', 'val_']) {
        data.push(
          x.map((_, i) => {
            const v = run.epochs[i] ? run.epochs[i][prefix + key] : undefined;
            return typeof v === 'number' && Number.isFinite(v) ? v : null;
          }),
        );
      }
    }
    return data;
  }

  function makeChart(key, target) {
    const fg = css('--vscode-foreground', '#ccc');
    const grid = css('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const series = [{ label: 'epoch' }];
    drawOrder().forEach((run) => {
      const stroke = colour(state.runs.indexOf(run));
      series.push({ label: `${run.label} (training)`, stroke, width: 2, spanGaps: true });
      series.push({ label: `${run.label} (validation)`, stroke, width: 2, dash: [6, 4], spanGaps: true });
    });
    const width = Math.max(300, target.clientWidth || 600);
    const opts = {
      width,
      height: 220,
      scales: { x: { time: false }, y: key === 'accuracy' ? { range: [0, 1] } : {} },
      axes: [
        { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid }, label: 'epoch' },
        { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid } },
      ],
      // The runs list above the charts is the legend (colour swatches); uPlot's own would repeat it twice per run.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      series,
    };
    target.replaceChildren();
    return new uPlot(opts, seriesData(key), target);
  }

  function renderCharts() {
    const theme = document.body.className;
    if (charts.runs !== state.runs.length || charts.theme !== theme) {
      if (charts.loss) charts.loss.destroy();
      if (charts.accuracy) charts.accuracy.destroy();
      charts = { loss: null, accuracy: null, runs: state.runs.length, theme };
      if (!state.runs.length) return;
      charts.loss = makeChart('loss', $('chart-loss'));
      charts.accuracy = makeChart('accuracy', $('chart-accuracy'));
      return;
    }
    if (charts.loss) charts.loss.setData(seriesData('loss'));
    if (charts.accuracy) charts.accuracy.setData(seriesData('accuracy'));
  }

  // ---------- Inside the network: per-layer strips over epochs ----------

  const ROW = 16;
  const LABEL_WIDTH = 150;
  /** The run the strips show (its index); the model as written until another is picked. */
  let probeRun = 0;

  function stripFont() {
    return `11px ${css('--vscode-font-family', 'sans-serif')}`;
  }

  /** Rows of one strip: a label and one value per probed epoch. */
  function gradientRows(run) {
    const ids = [];
    const rows = new Map();
    for (const p of run.probe)
      for (const l of p.layers) {
        if (l.grad === undefined && !l.nonFinite) continue;
        if (!rows.has(l.id)) {
          ids.push(l.id);
          rows.set(l.id, { label: l.label, values: [] });
        }
      }
    run.probe.forEach((p, e) => {
      for (const l of p.layers) {
        const row = rows.get(l.id);
        if (!row) continue;
        row.values[e] =
          l.nonFinite || (l.grad !== undefined && !Number.isFinite(l.grad))
            ? NaN
            : l.weight > 0
              ? l.grad / l.weight
              : l.grad;
      }
    });
    return ids.map((id) => rows.get(id));
  }

  function unitRows(run) {
    const ids = [];
    const rows = new Map();
    run.probe.forEach((p, e) => {
      for (const l of p.layers) {
        const kind = l.dead !== undefined ? 'dead' : l.saturated !== undefined ? 'saturated' : null;
        if (!kind) continue;
        if (!rows.has(l.id)) {
          ids.push(l.id);
          rows.set(l.id, { label: `${l.label} ${kind === 'dead' ? 'dead' : 'saturated'}`, kind, values: [] });
        }
        rows.get(l.id).values[e] = kind === 'dead' ? l.dead : l.saturated;
      }
    });
    return ids.map((id) => rows.get(id));
  }

  /**
   * Gradient ÷ weights on a log scale: healthy (1e-4 to 1) faint, vanishing
   * (towards 1e-7 and below) blue, exploding (above 1, 10 and more) red, NaN/Inf in the error colour.
   */
  function gradientCell(value) {
    if (value === undefined) return null;
    if (!Number.isFinite(value)) return { colour: css('--vscode-errorForeground', '#f14c4c'), alpha: 1 };
    const v = Math.log10(Math.max(value, 1e-30));
    if (v <= -4) return { colour: colour(1), alpha: Math.min(1, 0.15 + (0.85 * (-4 - v)) / 3) };
    if (v >= 0) return { colour: colour(0), alpha: Math.min(1, 0.15 + 0.85 * v) };
    return { colour: css('--vscode-foreground', '#ccc'), alpha: 0.12 };
  }

  function unitCell(value, kind) {
    if (value === undefined) return null;
    return { colour: colour(kind === 'dead' ? 4 : 3), alpha: 0.08 + 0.92 * value };
  }

  /** Draws rows × epochs cells with the layer names on the left; returns the canvas for the PNG. */
  function drawStrip(canvas, rows, epochs, cell) {
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(260, canvas.parentElement.clientWidth || 400);
    const height = Math.max(1, rows.length) * ROW + 18;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = stripFont();
    ctx.textBaseline = 'middle';
    const fg = css('--vscode-foreground', '#ccc');
    const cellWidth = (width - LABEL_WIDTH) / Math.max(1, epochs);
    rows.forEach((row, r) => {
      ctx.globalAlpha = 1;
      ctx.fillStyle = fg;
      let label = row.label;
      while (label.length > 4 && ctx.measureText(label).width > LABEL_WIDTH - 8) label = `${label.slice(0, -2)}…`;
      ctx.fillText(label, 0, r * ROW + ROW / 2);
      for (let e = 0; e < epochs; e++) {
        const c = cell(row.values[e], row.kind);
        if (!c) continue;
        ctx.globalAlpha = c.alpha;
        ctx.fillStyle = c.colour;
        ctx.fillRect(LABEL_WIDTH + e * cellWidth + 1, r * ROW + 1, Math.max(1, cellWidth - 2), ROW - 2);
      }
    });
    ctx.globalAlpha = 1;
    ctx.fillStyle = css('--vscode-descriptionForeground', fg);
    ctx.textBaseline = 'top';
    const step = Math.max(1, Math.ceil(epochs / 10));
    for (let e = 0; e < epochs; e += step)
      ctx.fillText(String(e), LABEL_WIDTH + e * cellWidth + 2, rows.length * ROW + 4);
    // One handler per canvas, replaced at each redraw (a property, not an inline attribute: the CSP allows it).
    canvas.onmousemove = (event) => {
      const box = canvas.getBoundingClientRect();
      const r = Math.floor((event.clientY - box.top) / ROW);
      const e = Math.floor((event.clientX - box.left - LABEL_WIDTH) / cellWidth);
      const row = rows[r];
      const v = row && e >= 0 ? row.values[e] : undefined;
      canvas.title =
        v === undefined
          ? ''
          : `${row.label}, epoch ${e}: ${Number.isFinite(v) ? (row.kind ? `${Math.round(100 * v)} %` : v.toExponential(2)) : 'NaN/Inf'}`;
    };
    return canvas;
  }

  function renderInside() {
    const box = $('inside');
    const runs = state.runs.filter((r) => r.probe?.length);
    box.hidden = runs.length === 0;
    if (!runs.length) return;
    const select = $('probe-run');
    const options = state.runs.map((r, i) => `${i}:${r.label}`).join('|');
    if (select.dataset.options !== options) {
      select.replaceChildren(
        ...state.runs.map((r, i) => {
          const o = el('option', '', r.label);
          o.value = String(i);
          return o;
        }),
      );
      select.dataset.options = options;
    }
    if (!state.runs[probeRun]) probeRun = 0;
    select.value = String(probeRun);
    const run = state.runs[probeRun];
    const epochs = Math.max(1, run.probe.length);
    const grads = gradientRows(run);
    drawStrip($('strip-gradient'), grads, epochs, gradientCell);
    $('legend-gradient').textContent = grads.length
      ? 'faint: healthy (10⁻⁴ to 1); blue: vanishing (below 10⁻⁴, full at 10⁻⁷); red: exploding (above 1, full at 10); error colour: NaN/Inf'
      : 'no layer with weights';
    const units = unitRows(run);
    drawStrip($('strip-units'), units, epochs, unitCell);
    $('legend-units').textContent = units.length
      ? 'orange: share of ReLU units never positive on the probe batch; purple: share of saturated outputs (0 faint, 100 % full)'
      : 'no ReLU, sigmoid, tanh or softmax layer';
  }

  // ---------- Symptoms and likely causes, in words ----------

  function renderSymptoms() {
    const box = $('symptoms');
    box.replaceChildren();
    const finished = state.runs.filter((r) => r.verdict && r.epochs.length);
    if (!finished.length) return;
    box.append(el('h2', '', 'Symptoms'));
    state.runs.forEach((run, i) => {
      if (!run.verdict || !run.epochs.length) return;
      const head = el('div', 'symptom-run');
      const swatch = el('span', `swatch c${i % PALETTE.length}`);
      swatch.setAttribute('aria-hidden', 'true');
      head.append(swatch, el('span', 'run-label', run.label));
      if (run.stopped)
        head.append(
          el(
            'span',
            'stopped',
            ` — stopped after epoch ${run.stopped.epoch} of ${run.stopped.of}: ${run.stopped.reason}`,
          ),
        );
      box.append(head);
      const list = el('ul', 'symptom-list');
      const symptoms = run.symptoms || [];
      if (!symptoms.length) list.append(el('li', 'none', 'no symptom'));
      for (const s of symptoms) list.append(el('li', '', s.message));
      box.append(list);
    });
    const d = state.result?.diagnosis;
    if (!d?.causes.length) return;
    box.append(el('h2', '', 'Likely causes (model as written)'));
    const list = el('ul', 'symptom-list');
    for (const c of d.causes) {
      const item = el('li');
      item.append(el('strong', '', c.cause), document.createTextNode(`: ${c.evidence}`));
      const tried = c.fix ? d.experiments.find((e) => e.label === c.fix) : null;
      if (tried)
        item.append(
          el(
            'div',
            tried.helps ? 'tried helps' : 'tried',
            `Tried “${tried.label}”: ${tried.helps ? 'helps' : 'does not help'} — ${tried.finding}.`,
          ),
        );
      list.append(item);
    }
    box.append(list);
  }

  /** The symptoms and causes as plain lines, for the PNG. */
  function symptomLines() {
    const lines = [];
    state.runs.forEach((run) => {
      if (!run.verdict || !run.epochs.length) return;
      const symptoms = run.symptoms || [];
      lines.push(`${run.label}: ${symptoms.length ? '' : 'no symptom'}`);
      for (const s of symptoms) lines.push(`  • ${s.message}`);
    });
    const d = state.result?.diagnosis;
    if (d)
      for (const c of d.causes) {
        const tried = c.fix ? d.experiments.find((e) => e.label === c.fix) : null;
        lines.push(
          `Likely cause — ${c.cause}: ${c.evidence}${tried ? `; “${tried.label}” ${tried.helps ? 'helps' : 'does not help'}` : ''}`,
        );
      }
    return lines;
  }

  function fact(dl, term, value) {
    if (!value) return;
    dl.append(el('dt', '', term), el('dd', '', value));
  }

  /** Which data was trained on: your data's report line by line, or what the synthetic data is and why it was used. */
  function renderData(dl, d) {
    if (d.source === 'yours' && Array.isArray(d.report_lines)) {
      // Each run's label encoding is listed below ("Labels (run)"); it replaces the loader's one.
      d.report_lines
        .filter((line) => !line.startsWith('Labels: '))
        .forEach((line, i) => {
          const m = /^(\w+): (.*)$/.exec(line);
          const term = i === 0 ? 'Data (yours)' : m ? m[1] : 'Loaded';
          fact(dl, term, m ? m[2] : line);
        });
      fact(
        dl,
        'Split',
        `${d.train} training / ${d.validation} validation examples${'majority_rate' in d ? ', stratified by class' : ''}`,
      );
      return;
    }
    if (d.description)
      fact(
        dl,
        'Data',
        `synthetic: ${d.description}; ${d.train} training / ${d.validation} validation samples, seed ${d.seed}`,
      );
    if (d.synthetic_reason) fact(dl, 'Why synthetic', d.synthetic_reason);
    if (state.dataHint) fact(dl, 'Your data', state.dataHint);
  }

  function renderFacts() {
    const dl = $('facts');
    dl.replaceChildren();
    fact(dl, 'Backend', state.backend ? state.backend + (state.backendNote ? ` — ${state.backendNote}` : '') : '');
    renderData(dl, state.data || {});
    const d = state.data || {};
    if (d.labels) for (const [label, how] of Object.entries(d.labels)) fact(dl, `Labels (${label})`, how);
    const s = state.scaled || {};
    const parts = [];
    if (s.input_shape) parts.push(`input ${s.input_shape.from.join('×')} → ${s.input_shape.to.join('×')}`);
    for (const l of s.layers || []) parts.push(`${l.layer} ${l.argument} ${l.from} → ${l.to}`);
    if (s.epochs) parts.push(`epochs ${s.epochs.from} → ${s.epochs.to} (${s.epochs.reason})`);
    if (s.note) parts.push(s.note);
    if (s.backend) parts.push(s.backend);
    if (Object.keys(s).length)
      fact(
        dl,
        'Scaled replica',
        `${s.reason ? `${s.reason}: ` : ''}${parts.join('; ')}. Every layer type, activation, the output layer, the loss and the optimizer are kept; the setting modelDoctor.training.fullSize trains the full model.`,
      );
    else if (state.status === 'finished') fact(dl, 'Scaled replica', 'no: trained at full size');
    if (state.result) fact(dl, 'Time', `${state.result.seconds.toFixed(1)} s`);
    for (const n of state.result?.notes || []) fact(dl, 'Note', n);
  }

  function exportCsv() {
    if (!state) return;
    const rows = ['run,label,epoch,loss,accuracy,val_loss,val_accuracy'];
    const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
    const v = (x) => (typeof x === 'number' ? String(x) : '');
    state.runs.forEach((run, i) =>
      run.epochs.forEach((e, k) =>
        rows.push([i, q(run.label), k + 1, v(e.loss), v(e.accuracy), v(e.val_loss), v(e.val_accuracy)].join(',')),
      ),
    );
    vscode.postMessage({ type: 'export', format: 'csv', content: `${rows.join('\n')}\n` });
  }

  /** Words of `text` in lines no wider than `max` pixels. */
  function wrap(ctx, text, max) {
    const lines = [];
    let line = '';
    for (const word of text.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > max) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  }

  function exportPng() {
    if (!charts.loss || !charts.accuracy) return;
    const charts2 = [charts.loss, charts.accuracy].map((u) => u.ctx.canvas);
    const inside = $('inside').hidden ? [] : [$('strip-gradient'), $('strip-units')];
    const width = Math.max(...charts2.map((c) => c.width), ...inside.map((c) => c.width));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    const ctx = canvas.getContext('2d');
    const font = `14px ${css('--vscode-font-family', 'sans-serif')}`;
    ctx.font = font;
    const title = wrap(ctx, `${heading()} — ${state.title}`, width - 24).concat(
      state.result ? wrap(ctx, state.result.summary, width - 24) : [],
    );
    const words = symptomLines().flatMap((line) => wrap(ctx, line, width - 24));
    const run = state.runs[probeRun];
    const captions = ['Loss (solid: training, dashed: validation)', 'Accuracy (solid: training, dashed: validation)'];
    if (inside.length && run) {
      captions.push(`Gradient ÷ weights per layer by epoch — ${run.label} (blue: vanishing, red: exploding)`);
      captions.push(`Dead ReLU units (orange), saturated outputs (purple) by epoch — ${run.label}`);
    }
    const sources = charts2.concat(inside);
    const legendHeight = 24 * state.runs.length + 16;
    canvas.height =
      20 * title.length + 16 + sources.reduce((h, c) => h + c.height + 24, 0) + legendHeight + 20 * words.length + 16;
    ctx.fillStyle = css('--vscode-editor-background', '#1e1e1e');
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = css('--vscode-foreground', '#ccc');
    ctx.font = font;
    title.forEach((line, i) => ctx.fillText(line, 12, 22 + 20 * i));
    let y = 20 * title.length + 16;
    sources.forEach((c, i) => {
      ctx.fillStyle = css('--vscode-foreground', '#ccc');
      ctx.fillText(captions[i], 12, y + 16);
      ctx.drawImage(c, 0, y + 24);
      y += c.height + 24;
    });
    state.runs.forEach((r, i) => {
      ctx.fillStyle = colour(i);
      ctx.fillRect(12, y + 8 + 24 * i, 16, 4);
      ctx.fillStyle = css('--vscode-foreground', '#ccc');
      ctx.fillText(`${r.label}${r.verdict ? ` — ${VERDICT_WORDS[r.verdict]}` : ''}`, 36, y + 16 + 24 * i);
    });
    y += legendHeight;
    words.forEach((line, i) => ctx.fillText(line, 12, y + 16 + 20 * i));
    vscode.postMessage({ type: 'export', format: 'png', content: canvas.toDataURL('image/png') });
  }

  $('stop').addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
  $('pick-data').addEventListener('click', () => vscode.postMessage({ type: 'pick-data' }));
  $('export-csv').addEventListener('click', exportCsv);
  $('export-png').addEventListener('click', exportPng);
  $('probe-run').addEventListener('change', (event) => {
    probeRun = Number(event.target.value);
    renderInside();
  });
  $('runs').addEventListener('click', (event) => {
    const button = event.target.closest('button.apply');
    if (button) vscode.postMessage({ type: 'apply', variant: Number(button.dataset.variant) });
  });
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'state') {
      state = message.state;
      vscode.setState(state);
      render();
    }
  });
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const [key, u] of [
        ['loss', charts.loss],
        ['accuracy', charts.accuracy],
      ])
        if (u) u.setSize({ width: Math.max(300, $(`chart-${key}`).clientWidth), height: 220 });
      if (state) renderInside();
    }, 100);
  });
  // Theme switches change the body class: rebuild the charts with the new colours.
  new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  render();
  vscode.postMessage({ type: 'ready' });
})();
