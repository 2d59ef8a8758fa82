#!/usr/bin/env node
// End-to-end check of Verify by Training in a real VS Code (code-server 4.100.3)
// driven by headless Chromium: runs the command on the 1-unit softmax example,
// waits for the verdict in the webview, checks for CSP violations, hides and
// shows the panel (state restored), trains again on a picked folder of images
// ("Train on your data…", the data the example names is not there), applies the
// sigmoid fix, and writes screenshots to $OUT_DIR (default $TMPDIR/model-doctor-e2e-verify).
// Not part of `npm test` (it needs code-server and Chromium): run
//   node scripts/build.mjs && node test/e2e/verify-webview.e2e.js

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const libCandidates = [
  process.env.E2E_LIB,
  path.join(root, '..', 'shared', 'tools', 'code-server-e2e-example', 'lib.js'),
  '/work/shared/tools/code-server-e2e-example/lib.js',
].filter(Boolean);
const libPath = libCandidates.find((p) => fs.existsSync(p));
if (!libPath) {
  console.error(
    'verify e2e: the code-server helpers (shared/tools/code-server-e2e-example/lib.js) are missing; set E2E_LIB',
  );
  process.exit(2);
}
const { log, startCodeServer, workbenchUrl, launchChromium, withTimeout } = require(libPath);
const OUT_DIR = path.resolve(process.env.OUT_DIR || path.join(os.tmpdir(), 'model-doctor-e2e-verify'));

async function waitFor(check, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function findBanner(page) {
  for (const frame of page.frames()) {
    const banner = await frame.$('#banner').catch(() => null);
    if (banner) return { frame, banner };
  }
  return null;
}

/** A PNG of a class pattern: class 0 bright on the left half, class 1 on the right (pngjs, a dependency). */
function classImage(classId, seed) {
  const { PNG } = require(path.join(root, 'node_modules', 'pngjs'));
  const png = new PNG({ width: 40, height: 40 });
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 60;
  for (let y = 0; y < 40; y++) {
    for (let x = 0; x < 40; x++) {
      const bright = x < 20 === (classId === 0);
      const v = Math.max(0, Math.min(255, Math.round((bright ? 190 : 50) + noise())));
      const i = (y * 40 + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

async function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  if (!fs.existsSync(path.join(root, 'dist', 'trainer-worker.js')))
    throw new Error('build first: node scripts/build.mjs');
  const example = fs.readFileSync(path.join(root, 'examples', 'cats_vs_dogs_softmax.py'), 'utf8');
  const photos = {};
  for (const [k, name] of ['cats', 'dogs'].entries())
    for (let i = 0; i < 60; i++) photos[`my_photos/${name}/${i}.png`] = classImage(k, 1 + i + 100 * k);
  const server = await startCodeServer({
    files: { 'cats_vs_dogs_softmax.py': example, 'other.py': 'print("hello")\n', ...photos },
    extensions: [root],
    logFile: path.join(OUT_DIR, 'code-server.log'),
  });
  let browser;
  const cleanup = async () => {
    if (browser) await browser.context.close().catch(() => {});
    await server.stop();
  };
  const cspViolations = [];
  try {
    await withTimeout(300_000, cleanup, async () => {
      browser = await launchChromium(server);
      const page = browser.page;
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/.test(m.text())) cspViolations.push(m.text());
      });
      const shot = async (name) => {
        await page.screenshot({ path: path.join(OUT_DIR, name) });
        log(`screenshot ${name}`);
      };
      await page.goto(workbenchUrl(server));
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cats_vs_dogs_softmax.py' });
      await row.waitFor();
      await row.click();
      const editor = page.locator('.editor-instance .monaco-editor').first();
      await editor.locator('.view-lines').waitFor();
      const problems = page.locator('[id="status.problems"]');
      await waitFor(async () => /Errors: 1\b/.test(await problems.getAttribute('aria-label')), 'the error finding');
      log('example open, finding shown');
      // Cursor inside the model, then the command from the palette.
      await page.keyboard.press('Control+G');
      await page.keyboard.type('48');
      await page.keyboard.press('Enter');
      await page.keyboard.press('F1');
      await page.keyboard.type('Model Doctor: Verify by Training');
      const quick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Verify by Training' }).first();
      await quick.waitFor();
      await page.keyboard.press('Enter');
      log('command started');
      await waitFor(async () => (await findBanner(page)) !== null, 'the webview');
      await shot('01-training.png');
      await waitFor(async () => {
        const found = await findBanner(page);
        return found && /^Confirmed/.test(await found.banner.textContent());
      }, 'the verdict "Confirmed"');
      const { frame } = await findBanner(page);
      log(`verdict: ${await (await frame.$('#banner')).textContent()}`);
      const runs = await frame.$$eval('.run', (rows) => rows.map((r) => r.textContent.replace(/\s+/g, ' ')));
      log(`runs: ${JSON.stringify(runs)}`);
      if (runs.length !== 3) throw new Error(`expected 3 runs, got ${runs.length}`);
      const canvases = await frame.$$eval('canvas', (c) => c.length);
      if (canvases < 2) throw new Error('the charts were not drawn');
      await shot('02-verdict.png');

      // Export PNG and CSV: the page renders the image / rows and the extension opens a save dialog.
      for (const id of ['#export-png', '#export-csv']) {
        await (await frame.$(id)).click();
        const dialog = page.locator('.quick-input-widget input');
        await dialog.waitFor({ timeout: 20_000 });
        await waitFor(
          async () => /verify-curves\.(png|csv)/.test(await dialog.inputValue()),
          `the save dialog for ${id}`,
        );
        const target = await dialog.inputValue();
        await page.keyboard.press('Enter');
        await waitFor(async () => fs.existsSync(target) && fs.statSync(target).size > 0, `${target} to be written`);
        const bytes = fs.readFileSync(target);
        if (id === '#export-png' && bytes.subarray(1, 4).toString() !== 'PNG')
          throw new Error('the exported PNG is not a PNG');
        if (
          id === '#export-csv' &&
          !bytes.toString().startsWith('run,label,epoch,loss,accuracy,val_loss,val_accuracy\n0,"as written",1,')
        )
          throw new Error(`unexpected CSV:\n${bytes.toString().slice(0, 200)}`);
        log(`${id}: wrote ${path.basename(target)} (${bytes.length} bytes)`);
        if (id === '#export-png') fs.copyFileSync(target, path.join(OUT_DIR, 'exported-curves.png'));
      }

      // Hide the panel (open another file in its group) and show it again: state restored.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'other.py' }).click();
      const tab = page.locator('.tabs-container .tab', { hasText: 'Verify by training' }).first();
      await tab.click();
      await waitFor(async () => {
        const found = await findBanner(page);
        return found && /^Confirmed/.test(await found.banner.textContent());
      }, 'the restored verdict');
      log('panel shown again with its verdict');
      await shot('03-restored.png');

      // The data the example names (data/cats_and_dogs) is not there: synthetic data, the reason, and "Train on your data…".
      const facts = async (frame) => (await frame.$eval('#facts', (e) => e.textContent)).replace(/\s+/g, ' ');
      const shown = await findBanner(page);
      if (
        !/Why synthetic the code loads the image folder 'data\/cats_and_dogs' \(line \d+\), but data\/cats_and_dogs was not found/.test(
          await facts(shown.frame),
        )
      )
        throw new Error(`the reason for synthetic data is missing:\n${await facts(shown.frame)}`);
      await (await shown.frame.$('#pick-data')).click();
      const picker = page.locator('.quick-input-widget input');
      await picker.waitFor({ timeout: 20_000 });
      await picker.fill(path.join(server.workspace, 'my_photos'));
      await page.keyboard.press('Enter');
      log('picked my_photos');
      await waitFor(
        async () => {
          const found = await findBanner(page);
          return (
            found &&
            /^Confirmed/.test(await found.banner.textContent()) &&
            /Data \(yours\)/.test(await facts(found.frame))
          );
        },
        'the verdict on the picked folder',
        120_000,
      );
      const onYours = await findBanner(page);
      const factText = await facts(onYours.frame);
      log(`facts: ${factText.slice(0, 400)}`);
      if (!factText.includes(`Data (yours) ${path.join(server.workspace, 'my_photos')} (image folders, chosen by you)`))
        throw new Error(`the data facts do not name the picked folder:\n${factText}`);
      if (!/per class: cats 60 of 60, dogs 60 of 60/.test(factText))
        throw new Error(`per-class counts missing:\n${factText}`);
      if (await onYours.frame.$eval('#pick-data', (b) => !b.hidden))
        throw new Error('"Train on your data…" is still offered after training on your data');
      await onYours.frame.$eval('#facts', (e) => e.scrollIntoView());
      await shot('03b-your-data.png');

      // Apply the sigmoid fix.
      const again = await findBanner(page);
      const applyButtons = await again.frame.$$('button.apply');
      if (applyButtons.length !== 2) throw new Error(`expected 2 "Apply this fix" buttons, got ${applyButtons.length}`);
      await applyButtons[0].click();
      await waitFor(
        async () => /Applied/.test(await again.frame.$eval('.applied', (e) => e.textContent)),
        'the fix to be applied',
      );
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cats_vs_dogs_softmax.py' }).click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type('48');
      await page.keyboard.press('Enter');
      const fixedEditor = page.locator('.editor-instance .monaco-editor', { hasText: 'build_model' }).first();
      await waitFor(
        async () =>
          /Dense\(1, activation="sigm/.test(
            (await fixedEditor.locator('.view-lines').textContent()).replace(/\u00a0/g, ' '),
          ),
        'sigmoid in the editor',
      );
      await waitFor(async () => !/Errors: [1-9]/.test(await problems.getAttribute('aria-label')), 'the error to go');
      log('fix applied to the document');
      await shot('04-applied.png');
      if (cspViolations.length) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
    });
    await cleanup();
    log('PASS');
  } catch (err) {
    console.error(`FAIL: ${err?.stack || err}`);
    if (browser) await browser.page.screenshot({ path: path.join(OUT_DIR, 'failure.png') }).catch(() => {});
    if (cspViolations.length) console.error(`CSP violations:\n${cspViolations.join('\n')}`);
    await cleanup();
    process.exitCode = 1;
  }
}

main();
