// UI suite: the packaged extension in a real VS Code (code-server) driven
// through headless Chromium with playwright-core, as a user would use it:
// the squiggle, the hover, the light bulb's fixes, the CodeLens, the summary,
// the command palette, and "Verify by training" (the webview's verdict under its
// strict CSP, export, hide and show, training on a picked folder, Apply this fix)
// and "Diagnose by training" (symptoms in words, per-layer strips, both themes).
// Each step saves a screenshot to test-results/e2e/; --readme-images copies
// the ones the README shows to docs/images/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { launchChromium, startCodeServer, workbenchUrl } from '../harness/code-server.mjs';
import { ROOT } from '../harness/tools.mjs';

const require = createRequire(import.meta.url);

/** Screenshots the README shows (file in test-results/e2e -> docs/images). */
const README_IMAGES = [
  '01-squiggle-and-hover.png',
  '02-quick-fixes.png',
  '04-codelens-and-summary.png',
  '06-verify-by-training.png',
  '07-diagnose-by-training.png',
];

export async function runUi({ tools, vsix, outDir, log, timeoutMs = 15 * 60_000 }) {
  for (const f of fs.readdirSync(outDir))
    if (/^\d\d-.*\.png$|^ui-failure\.png$/.test(f)) fs.rmSync(path.join(outDir, f));
  const server = await startCodeServer({
    tools,
    vsix,
    fixture: path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'),
    // The .vsix ships no native TensorFlow; like a user who installed it, point the extension at
    // the repository's copy (where it is missing, training falls back to pure JS and says so).
    settings: { 'modelDoctor.training.tfjsNodePath': ROOT },
    logFile: path.join(outDir, 'code-server-ui.log'),
    log,
  });
  log(`code-server up on ${server.authority}`);
  writePhotoFolder(path.join(server.workspace, 'my_photos'));
  const results = { passed: 0, failed: 0, skipped: 0 };
  let browser;
  let timer;
  try {
    browser = await launchChromium(server, tools);
    const { page } = browser;
    // A webview that breaks its Content Security Policy logs it to the console; any such line fails the suite.
    const cspViolations = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/.test(m.text()))
        cspViolations.push(m.text());
    });
    const steps = uiSteps(page, server, outDir, log);
    steps.push([
      'no webview broke its Content Security Policy',
      async () => {
        if (cspViolations.length) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
      },
    ]);
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`UI suite timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await Promise.race([
      (async () => {
        for (const [name, step] of steps) {
          const t0 = Date.now();
          try {
            const outcome = await step();
            if (outcome === 'skip') {
              results.skipped++;
              console.log(`    - ${name} (skipped)`);
            } else {
              results.passed++;
              console.log(`    ✔ ${name} (${Date.now() - t0} ms)`);
            }
          } catch (error) {
            results.failed++;
            console.log(
              `    ✘ ${name}\n      ${String(error.stack ?? error)
                .split('\n')
                .slice(0, 6)
                .join('\n      ')}`,
            );
            await page.screenshot({ path: path.join(outDir, 'ui-failure.png') }).catch(() => {});
            break; // later steps build on this one
          }
        }
      })(),
      timeout,
    ]);
  } catch (error) {
    results.failed++;
    console.error(`ui: ${error.stack ?? error}`);
    if (browser) await browser.page.screenshot({ path: path.join(outDir, 'ui-failure.png') }).catch(() => {});
  } finally {
    clearTimeout(timer);
    if (browser) await browser.context.close().catch(() => {});
    await server.stop();
  }
  if (!results.failed && process.argv.includes('--readme-images')) {
    const dest = path.join(ROOT, 'docs', 'images');
    fs.mkdirSync(dest, { recursive: true });
    for (const f of README_IMAGES) fs.copyFileSync(path.join(outDir, f), path.join(dest, f));
    log(`README images copied to ${path.relative(process.cwd(), dest)}`);
  }
  return results;
}

/**
 * A folder of two classes of 40×40 PNGs the user might pick for "Train on your data…": class 0
 * bright on the left half, class 1 on the right, with seeded noise (learnable, not trivial).
 */
function writePhotoFolder(dir) {
  const { PNG } = require('pngjs');
  for (const [classId, name] of ['cats', 'dogs'].entries()) {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    for (let i = 0; i < 60; i++) {
      const png = new PNG({ width: 40, height: 40 });
      let state = 1 + i + 100 * classId;
      const noise = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return (state / 2147483648 - 0.5) * 60;
      };
      for (let y = 0; y < 40; y++)
        for (let x = 0; x < 40; x++) {
          const bright = x < 20 === (classId === 0);
          const v = Math.max(0, Math.min(255, Math.round((bright ? 190 : 50) + noise())));
          png.data.set([v, v, v, 255], (y * 40 + x) * 4);
        }
      fs.writeFileSync(path.join(dir, name, `${i}.png`), PNG.sync.write(png));
    }
  }
}

// `state` describes what the page showed instead, so a failure on CI (where the screenshots
// are not kept) says why it waited in vain.
async function waitUntil(check, what, timeoutMs = 60_000, state = async () => '') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const shown = await state().catch((error) => `(could not read the page: ${error.message})`);
  throw new Error(`timed out waiting for ${what}${shown ? `; the page showed: ${shown}` : ''}`);
}

function uiSteps(page, server, outDir, log) {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const shot = async (name, clip) => {
    await page.screenshot({ path: path.join(outDir, name), clip });
    log(`screenshot ${name}`);
  };
  const squiggle = () => editor.locator('.squiggly-error');
  const editorText = async () => (await editor.locator('.view-lines').textContent()).replace(/\u00a0/g, ' ');
  // The visible panel: VS Code keeps a hidden panel's frame (and briefly an old one while it shows it again).
  const webview = page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
  const facts = async () => (await webview.locator('#facts').textContent()).replace(/\s+/g, ' ');
  /** Brings softmax.py to the front (a webview or summary may cover it) and waits for its squiggle. */
  const showSoftmaxFile = async () => {
    await openFromExplorer('softmax.py');
    await squiggle().first().waitFor({ state: 'visible' });
  };
  /**
   * Opens `name` from the explorer with the cursor on `line`, which scrolls that line into view
   * (the editor only renders the squiggles of lines in view). On a loaded machine Ctrl+G can reach
   * the workbench before the clicked file is the active editor, or be dropped: wait for the file's
   * tab, then go to the line until the status bar shows the cursor there.
   */
  const openAtLine = async (name, line) => {
    await openFromExplorer(name);
    const cursor = page.locator('[id="status.editor.selection"]');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+G');
      await page.keyboard.type(String(line));
      await page.keyboard.press('Enter');
      const there = await waitUntil(
        async () => (await cursor.textContent()).includes(`Ln ${line},`),
        `line ${line}`,
        10_000,
      )
        .then(() => true)
        .catch(() => false);
      if (there) return;
      const shown = await cursor.textContent().catch(() => '(no cursor position shown)');
      if (attempt === 3)
        throw new Error(`go to line ${line} in ${name} failed three times; the status bar shows ${shown}`);
      log(`the cursor is not on line ${line} of ${name} (attempt ${attempt}, status bar: ${shown}); trying again`);
      await page.keyboard.press('Escape');
      await openFromExplorer(name);
    }
  };
  /**
   * Clicks `name` in the explorer until it is the active editor. A click can miss on a loaded
   * machine: the explorer re-renders its rows when files appear (the exported curves), and a
   * row that moves under the pointer opens nothing.
   */
  const openFromExplorer = async (name) => {
    const tab = page.locator('.editor-group-container.active .tab.active', { hasText: name });
    for (let attempt = 1; ; attempt++) {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).click();
      const opened = await tab
        .waitFor({ timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (opened) return;
      if (attempt === 3) throw new Error(`${name} did not open from the explorer after three clicks`);
      log(`${name} did not open from the explorer (attempt ${attempt}); clicking again`);
    }
  };
  /**
   * Opens the quick-fix menu on the squiggle and waits for `row`. Under load the
   * first Ctrl+. can land before the editor has focus or be closed by a late
   * re-render; like a person, try again rather than wait forever.
   */
  const openQuickFix = async (row) => {
    for (let attempt = 1; ; attempt++) {
      const box = await squiggle().first().boundingBox();
      if (!box) {
        // A re-render between finding the squiggle and measuring it: look for it again.
        if (attempt >= 4) throw new Error('the squiggle is not visible');
        await squiggle().first().waitFor({ state: 'visible' });
        continue;
      }
      await page.mouse.click(box.x + 4, box.y + box.height / 2);
      await page.keyboard.press('Control+.');
      try {
        await row.waitFor({ timeout: 10_000 });
        return;
      } catch (error) {
        if (attempt >= 4) throw error;
        log(`quick-fix menu not shown (attempt ${attempt}); trying again`);
        await page.keyboard.press('Escape');
      }
    }
  };
  /** Closes an editor tab by its title with the tab's own close button (keys go to whatever has the focus). */
  const closeTab = async (title) => {
    const tab = page.locator('.tabs-container .tab', { hasText: title }).first();
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    await tab.waitFor({ state: 'detached' });
  };
  /**
   * Opens the command palette with F1. A key pressed while a webview has the focus reaches the
   * workbench only through the webview's forwarding, which can drop it on a loaded machine: the
   * focus goes back to the workbench first, and F1 is pressed again if the palette did not open.
   */
  const openPalette = async () => {
    const input = page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await page.evaluate(() => {
        if (document.activeElement instanceof HTMLIFrameElement) document.activeElement.blur();
      });
      await page.keyboard.press('F1');
      const shown = await input
        .waitFor({ timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) return;
      if (attempt === 3) throw new Error('the command palette did not open after F1 three times');
      log(`the command palette did not open (attempt ${attempt}); pressing F1 again`);
    }
  };
  /** Runs a command from the palette by its title. */
  const runCommand = async (title) => {
    await openPalette();
    const quickInput = page.locator('.quick-input-widget');
    await page.keyboard.type(title);
    await quickInput.locator('.monaco-list-row', { hasText: title }).first().click();
  };
  /** Switches the colour theme through the command palette, as a user would. */
  const pickTheme = async (theme) => {
    const quickInput = page.locator('.quick-input-widget');
    await runCommand('Preferences: Color Theme');
    await page.keyboard.type(theme);
    await quickInput.locator('.monaco-list-row', { hasText: theme }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  return [
    [
      'opening the 1-unit softmax example shows the error squiggle',
      async () => {
        await page.goto(workbenchUrl(server));
        const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'softmax.py' });
        await row.waitFor();
        await row.click();
        await editor.locator('.view-lines').waitFor();
        await squiggle().first().waitFor();
        const problems = page.locator('[id="status.problems"]');
        await waitUntil(
          async () => /Errors?: 1\b/.test(await problems.getAttribute('aria-label')),
          'status bar "1 error"',
        );
      },
    ],
    [
      'the hover shows the message and the layer facts',
      async () => {
        const hover = page
          .locator('.monaco-hover', { hasText: 'softmax over a single unit always outputs 1.0' })
          .first();
        // The CodeLens can appear after the squiggle was measured and push the line down: like a
        // person whose mouse now rests on the line above, move to the squiggle again.
        for (let attempt = 1; ; attempt++) {
          const box = await squiggle().first().boundingBox();
          await page.mouse.move(5, 700);
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          try {
            await hover.waitFor({ timeout: 10_000 });
            break;
          } catch (error) {
            if (attempt >= 4) throw error;
            log(`hover not shown on the squiggle (attempt ${attempt}); trying again`);
          }
        }
        await page.locator('.monaco-hover', { hasText: 'Output shape' }).first().waitFor();
        await shot('01-squiggle-and-hover.png', { x: 0, y: 0, width: 1280, height: 560 });
        await page.mouse.move(5, 700);
      },
    ],
    [
      'the light bulb lists both fixes',
      async () => {
        const menu = page.locator('.action-widget');
        await openQuickFix(menu.locator('.monaco-list-row', { hasText: 'Use sigmoid (keep 1 unit)' }));
        await menu
          .locator('.monaco-list-row', { hasText: 'Use 2 units with softmax and sparse_categorical_crossentropy' })
          .waitFor();
        await menu.locator('.monaco-list-row', { hasText: 'Ignore softmax-single-unit on this line' }).waitFor();
        await shot('02-quick-fixes.png', { x: 0, y: 0, width: 1280, height: 560 });
        await page.keyboard.press('Escape');
      },
    ],
    [
      '"Verify by training" opens the webview with curves and the verdict',
      async () => {
        await editor.locator('.codelens-decoration a', { hasText: 'Verify by training' }).first().click();
        await webview.locator('canvas, svg').first().waitFor({ timeout: 240_000 });
        // The verdict banner once every run has finished (not a run's badge while training goes on).
        await webview.locator('#banner.confirmed').waitFor({ timeout: 240_000 });
        const verdict = await webview.locator('#banner').textContent();
        if (!/^Confirmed: as written the model cannot learn/.test(verdict))
          throw new Error(`unexpected verdict: ${verdict}`);
        // The symptoms in words and the per-layer strips beside the curves.
        await webview.locator('#symptoms li', { hasText: 'the predictions are the same for every input' }).waitFor();
        await webview.locator('#inside canvas#strip-gradient').waitFor({ state: 'visible' });
        await shot('06-verify-by-training.png');
        const runs = await webview.locator('.run').count();
        if (runs !== 3) throw new Error(`expected 3 runs (as written and two fixes), got ${runs}`);
      },
    ],
    [
      'the verify panel exports its curves as PNG and as CSV',
      async () => {
        for (const [button, magic] of [
          ['#export-png', (b) => b.subarray(1, 4).toString() === 'PNG'],
          [
            '#export-csv',
            (b) => b.toString().startsWith('run,label,epoch,loss,accuracy,val_loss,val_accuracy\n0,"as written",1,'),
          ],
        ]) {
          await webview.locator(button).click();
          const dialog = page.locator('.quick-input-widget input');
          await dialog.waitFor({ timeout: 20_000 });
          await waitUntil(async () => /verify-curves\.(png|csv)$/.test(await dialog.inputValue()), 'the save dialog');
          const target = await dialog.inputValue();
          await page.keyboard.press('Enter');
          await waitUntil(async () => fs.existsSync(target) && fs.statSync(target).size > 0, `${target} written`);
          if (!magic(fs.readFileSync(target))) throw new Error(`${button} wrote an unexpected file ${target}`);
        }
      },
    ],
    [
      'the verify panel keeps its verdict when hidden and shown again',
      async () => {
        await openFromExplorer('correct.py');
        await page.locator('.tabs-container .tab', { hasText: 'Verify by training' }).first().click();
        await webview.locator('#banner.confirmed').waitFor({ timeout: 60_000 });
        const why = await facts();
        if (!/Why synthetic ?the code does not name data/.test(why))
          throw new Error(`the panel does not say why it trained on synthetic data: ${why}`);
        await closeTab('Verify by training');
      },
    ],
    [
      'an image classifier whose data folder is missing trains on synthetic data and says why',
      async () => {
        // The cursor on the output layer, then the command from the palette.
        await openAtLine('cats_vs_dogs.py', 48);
        await squiggle().first().waitFor({ state: 'visible' });
        await openPalette();
        await page.keyboard.type('Model Doctor: Verify by Training');
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Verify by Training' }).first().waitFor();
        await page.keyboard.press('Enter');
        await webview.locator('#banner.confirmed').waitFor({ timeout: 240_000 });
        const why = await facts();
        const missing =
          /the code loads the image folder 'data\/cats_and_dogs' \(line \d+\), but data\/cats_and_dogs was not found/;
        if (!missing.test(why)) throw new Error(`the panel does not say why it trained on synthetic data: ${why}`);
      },
    ],
    [
      '"Train on your data…" trains again on a picked folder',
      async () => {
        await webview.locator('#pick-data').click();
        const picker = page.locator('.quick-input-widget input');
        await picker.waitFor({ timeout: 20_000 });
        const folder = path.join(server.workspace, 'my_photos');
        // VS Code's simple file dialog: typing a folder path with a slash opens it (its class folders
        // are listed), and the dialog's button accepts the folder shown, as a user would click it.
        await picker.fill(`${folder}/`);
        const listed = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'dogs' });
        await listed.first().waitFor({ timeout: 20_000 });
        // The dialog ignores its button while it is still listing the folder (busy), which a loaded
        // machine makes likely: click until the dialog closes, as a user would click again.
        const dialog = page.locator('.quick-input-widget');
        // It also completes the typed path with the item that becomes active (`my_photos/cats/`):
        // put the folder back before clicking, or the dialog opens `cats` instead of accepting.
        for (let attempt = 1; ; attempt++) {
          if ((await picker.inputValue()) !== `${folder}/`) {
            await picker.fill(`${folder}/`);
            await listed.first().waitFor({ timeout: 20_000 });
          }
          await page.locator('.quick-input-widget .monaco-button', { hasText: 'Train on this data' }).click();
          const closed = await dialog
            .waitFor({ state: 'hidden', timeout: 5_000 })
            .then(() => true)
            .catch(() => false);
          if (closed) break;
          const value = await picker.inputValue().catch(() => '?');
          if (attempt === 5) throw new Error(`the folder dialog stayed open after 5 clicks (its value: ${value})`);
          log(`the folder dialog is still open after a click (attempt ${attempt}, value ${value}); clicking again`);
        }
        await waitUntil(
          // Any finished verdict: on a loaded machine the time budget can cut the fixes' epochs
          // before they learn, which makes the verdict inconclusive, not the data wrong.
          async () =>
            /Data \(yours\)/.test(await facts()) &&
            (await webview.locator('#banner.confirmed, #banner.learns, #banner.neutral, #banner.error').count()) > 0,
          'the verdict on the picked folder',
          300_000,
          async () => {
            const banner = webview.locator('#banner');
            const bannerText = (await banner.count()) ? await banner.textContent({ timeout: 2_000 }) : '(no banner)';
            const bannerClass = (await banner.count()) ? await banner.getAttribute('class', { timeout: 2_000 }) : '';
            const body = (await webview.locator('body').textContent({ timeout: 2_000 })).replace(/\s+/g, ' ');
            return `banner [${bannerClass}] ${bannerText}; panel text: ${body.slice(0, 3000)}`;
          },
        );
        if (await webview.locator('#banner.error').count())
          throw new Error(`training on the picked folder failed: ${await webview.locator('#banner').textContent()}`);
        if (!(await webview.locator('#banner.confirmed').count()))
          log(`the verdict on the picked folder was not confirmed: ${await webview.locator('#banner').textContent()}`);
        const told = await facts();
        // The facts are a definition list: its terms and descriptions run together in textContent.
        if (!told.includes(`Data (yours)${folder} (image folders, chosen by you)`))
          throw new Error(`the facts do not name the picked folder: ${told}`);
        if (!/per class: cats 60 of 60, dogs 60 of 60/.test(told)) throw new Error(`per-class counts missing: ${told}`);
        if (await webview.locator('#pick-data').isVisible())
          throw new Error('"Train on your data…" is still offered after training on your data');
        await webview.locator('#facts').scrollIntoViewIfNeeded();
        await shot('06b-verify-on-your-data.png');
      },
    ],
    [
      '"Apply this fix" in the panel changes the code',
      async () => {
        const apply = webview.locator('button.apply');
        if ((await apply.count()) !== 2)
          throw new Error(`expected 2 "Apply this fix" buttons, got ${await apply.count()}`);
        await apply.first().click();
        await webview.locator('.applied', { hasText: 'Applied' }).waitFor({ timeout: 30_000 });
        await closeTab('Verify by training');
        await openAtLine('cats_vs_dogs.py', 48);
        await waitUntil(async () => /Dense\(1, activation="sigmoid"\)/.test(await editorText()), 'sigmoid in the code');
        await waitUntil(async () => (await squiggle().count()) === 0, 'the squiggle to go');
        // The panels opened beside the code split the editor area into narrow groups: back to one.
        await openPalette();
        await page.keyboard.type('View: Single Column Editor Layout');
        await page
          .locator('.quick-input-widget .monaco-list-row', { hasText: 'Single Column Editor Layout' })
          .first()
          .waitFor();
        await page.keyboard.press('Enter');
      },
    ],
    [
      'applying "Use sigmoid (keep 1 unit)" from the light bulb removes the error',
      async () => {
        await showSoftmaxFile();
        // The preferred fix is focused first; Enter applies it, as a keyboard user would.
        await openQuickFix(
          page.locator('.action-widget .monaco-list-row.focused[aria-label="Use sigmoid (keep 1 unit)"]'),
        );
        await page.keyboard.press('Enter');
        await waitUntil(async () => (await squiggle().count()) === 0, 'the squiggle to go');
        const text = await editorText();
        if (!text.includes('layers.Dense(1, activation="sigmoid")'))
          throw new Error(`the fix did not change the layer:\n${text}`);
        await shot('03-fixed.png', { x: 0, y: 0, width: 1280, height: 560 });
      },
    ],
    [
      'CodeLens "Show summary" opens the model summary',
      async () => {
        const lens = editor.locator('.codelens-decoration');
        // Fixed, the model has no error left: its lens offers to diagnose it by training.
        await lens.filter({ hasText: 'Diagnose by training' }).first().waitFor();
        await lens.locator('a', { hasText: 'Model Doctor: no issues' }).first().waitFor();
        // Room for the code and the table side by side.
        await page.keyboard.press('Control+B');
        await lens.locator('a', { hasText: 'Show summary' }).first().click();
        const summary = page.locator('.monaco-editor', { hasText: 'Layer (type)' });
        await summary.first().waitFor();
        await shot('04-codelens-and-summary.png', { x: 0, y: 0, width: 1280, height: 560 });
      },
    ],
    [
      '"Diagnose by training" on a model without a static finding: symptoms in words, strips in both kinds of theme, in the exported PNG',
      async () => {
        await page.keyboard.press('Control+B');
        await openFromExplorer('dead_relu.py');
        await editor.locator('.codelens-decoration a', { hasText: 'Diagnose by training' }).first().click();
        await webview.locator('#title', { hasText: 'Diagnose by training' }).waitFor({ timeout: 60_000 });
        await webview.locator('#banner.neutral, #banner.learns').waitFor({ timeout: 240_000 });
        const summary = await webview.locator('#banner').textContent();
        if (!/^The model cannot learn: .*Symptoms: .*dead ReLUs/.test(summary))
          throw new Error(`unexpected summary: ${summary}`);
        await webview.locator('#symptoms li', { hasText: 'dead ReLUs in Dense (line 5): 64 of 64 units' }).waitFor();
        await webview.locator('#symptoms li', { hasText: 'the initialisation of the ReLU layers' }).waitFor();
        await webview.locator('#inside canvas#strip-units').waitFor({ state: 'visible' });
        // The panel alone, wide enough for the strips beside the curves, scrolled to them and the symptoms.
        await page.keyboard.press('Control+B');
        await page.locator('.tabs-container .tab', { hasText: 'Diagnose by training' }).first().click();
        await runCommand('View: Close Editors in Other Groups');
        await webview.locator('#inside').scrollIntoViewIfNeeded();
        await shot('07-diagnose-by-training.png');
        await webview.locator('#symptoms').scrollIntoViewIfNeeded();
        await shot('10-diagnose-symptoms-in-words.png');
        await webview.locator('#inside').scrollIntoViewIfNeeded();
        // The same panel in the other kind of theme (light ↔ dark): the strips and the words take its colours.
        const light = (await webview.locator('body').getAttribute('class')).includes('vscode-light');
        const [other, back] = light ? ['Dark Modern', 'Light Modern'] : ['Light Modern', 'Dark Modern'];
        await pickTheme(other);
        await webview.locator(light ? 'body.vscode-dark' : 'body.vscode-light').waitFor();
        await shot(`08-diagnose-by-training-${light ? 'dark' : 'light'}.png`);
        // Export PNG: the save dialog offers verify-curves.png in the workspace; the image holds the strips and the symptoms.
        await webview.locator('#export-png').click();
        const dialog = page.locator('.quick-input-widget input');
        await dialog.waitFor({ timeout: 20_000 });
        await waitUntil(async () => /verify-curves\.png$/.test(await dialog.inputValue()), 'the save dialog');
        const saved = await dialog.inputValue();
        if (fs.existsSync(saved)) fs.rmSync(saved);
        await page.keyboard.press('Enter');
        await waitUntil(async () => fs.existsSync(saved) && fs.statSync(saved).size > 0, 'the exported PNG');
        const png = fs.readFileSync(saved);
        if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('the export is not a PNG');
        const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
        // Title, two charts (about 250 px each), two strips and the symptom lines: far taller than the charts alone.
        if (height < 700 || width < 300) throw new Error(`exported PNG is ${width}×${height}`);
        fs.copyFileSync(saved, path.join(outDir, '09-exported-diagnosis.png'));
        log(`exported PNG ${width}×${height}`);
        await pickTheme(back);
        await webview.locator(light ? 'body.vscode-light' : 'body.vscode-dark').waitFor();
        await closeTab('Diagnose by training');
      },
    ],
    [
      'the command palette lists the Model Doctor commands',
      async () => {
        await openPalette();
        const quickInput = page.locator('.quick-input-widget');
        await page.keyboard.type('Model Doctor:');
        for (const title of [
          'Model Doctor: Diagnose by Training',
          'Model Doctor: Show Model Summary',
          'Model Doctor: Check Workspace',
          'Model Doctor: Verify by Training',
        ]) {
          await quickInput.locator('.monaco-list-row', { hasText: title }).first().waitFor();
        }
        await shot('05-command-palette.png', { x: 0, y: 0, width: 1280, height: 560 });
        await page.keyboard.press('Escape');
      },
    ],
  ];
}
