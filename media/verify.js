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

  function render() {
    if (!state) return;
    $('title').textContent = `Verify by training — ${state.title}`;
    const running = state.status === 'planning' || state.status === 'training';
    $('stop').hidden = !running;
    $('pick-data').hidden = running || !state.canPickData;
    renderBanner(running);
    renderProgress();
    renderRuns();
    renderCharts();
    renderFacts();
  }

  function renderBanner(running) {
    const banner = $('banner');
    banner.className = '';
    let text = '';
    if (state.status === 'planning')
      text = state.loadingData ? 'Loading a sample of your data and preparing the models…' : 'Preparing the models…';
    else if (state.status === 'training') text = 'Training the model as written and each fix on the same data…';
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
    const sources = [charts.loss, charts.accuracy].map((u) => u.ctx.canvas);
    const width = Math.max(...sources.map((c) => c.width));
    const legendHeight = 24 * state.runs.length + 16;
    const titleHeight = 56;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    const ctx = canvas.getContext('2d');
    ctx.font = `14px ${css('--vscode-font-family', 'sans-serif')}`;
    const textLines =
      wrap(ctx, `Verify by training — ${state.title}`, width - 24).length +
      (state.result ? wrap(ctx, state.result.summary, width - 24).length : 0);
    canvas.height =
      titleHeight + 20 * Math.max(0, textLines - 2) + sources.reduce((h, c) => h + c.height + 24, 0) + legendHeight;
    ctx.fillStyle = css('--vscode-editor-background', '#1e1e1e');
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = css('--vscode-foreground', '#ccc');
    ctx.font = `14px ${css('--vscode-font-family', 'sans-serif')}`;
    const lines = wrap(ctx, `Verify by training — ${state.title}`, width - 24).concat(
      state.result ? wrap(ctx, state.result.summary, width - 24) : [],
    );
    lines.forEach((line, i) => ctx.fillText(line, 12, 22 + 20 * i));
    let y = titleHeight + 20 * Math.max(0, lines.length - 2);
    const captions = ['Loss (solid: training, dashed: validation)', 'Accuracy (solid: training, dashed: validation)'];
    sources.forEach((c, i) => {
      ctx.fillText(captions[i], 12, y + 16);
      ctx.drawImage(c, 0, y + 24);
      y += c.height + 24;
    });
    state.runs.forEach((run, i) => {
      ctx.fillStyle = colour(i);
      ctx.fillRect(12, y + 8 + 24 * i, 16, 4);
      ctx.fillStyle = css('--vscode-foreground', '#ccc');
      ctx.fillText(`${run.label}${run.verdict ? ` — ${VERDICT_WORDS[run.verdict]}` : ''}`, 36, y + 16 + 24 * i);
    });
    vscode.postMessage({ type: 'export', format: 'png', content: canvas.toDataURL('image/png') });
  }

  $('stop').addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
  $('pick-data').addEventListener('click', () => vscode.postMessage({ type: 'pick-data' }));
  $('export-csv').addEventListener('click', exportCsv);
  $('export-png').addEventListener('click', exportPng);
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
    }, 100);
  });
  // Theme switches change the body class: rebuild the charts with the new colours.
  new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  render();
  vscode.postMessage({ type: 'ready' });
})();
