/**
 * Which files `model-doctor check` leaves out, besides dependency folders:
 * what git ignores (`.gitignore` files from the repository's top down to the
 * file's folder, and `.git/info/exclude`), and the `exclude` patterns of the
 * project's settings (gitignore syntax, relative to the folder of the
 * settings file). Files named on the command line are checked even when git ignores
 * them (they were asked for), but not when `exclude` names them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface Rules {
  dir: string;
  rules: Ignore;
}

export class IgnoreRules {
  private readonly exclude: Ignore | null;
  private readonly perDir = new Map<string, Rules | null>();
  private readonly roots = new Map<string, string | null>();

  constructor(
    private readonly baseDir: string,
    exclude: readonly string[],
  ) {
    this.exclude = exclude.length ? ignore().add([...exclude]) : null;
  }

  /** Excluded by the settings. */
  excluded(file: string, isDir: boolean): boolean {
    if (!this.exclude) return false;
    const relative = path.relative(this.baseDir, path.resolve(file));
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return this.exclude.ignores(toPosix(relative) + (isDir ? '/' : ''));
  }

  /** Ignored by git: the deepest `.gitignore` with a rule for the path decides, as in git. */
  gitIgnored(file: string, isDir: boolean): boolean {
    const absolute = path.resolve(file);
    const top = this.repositoryTop(path.dirname(absolute));
    if (!top) return false;
    let ignored = false;
    for (const { dir, rules } of this.rulesFromTop(top, path.dirname(absolute))) {
      const relative = toPosix(path.relative(dir, absolute)) + (isDir ? '/' : '');
      const verdict = rules.test(relative);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  /** The nearest folder holding `.git` (a folder, or a worktree's file). */
  private repositoryTop(dir: string): string | null {
    const known = this.roots.get(dir);
    if (known !== undefined) return known;
    const parent = path.dirname(dir);
    const top = fs.existsSync(path.join(dir, '.git')) ? dir : parent === dir ? null : this.repositoryTop(parent);
    this.roots.set(dir, top);
    return top;
  }

  private rulesFromTop(top: string, dir: string): Rules[] {
    const chain: Rules[] = [];
    for (let at = dir; ; at = path.dirname(at)) {
      const rules = this.rulesIn(at, at === top);
      if (rules) chain.unshift(rules);
      if (at === top || path.dirname(at) === at) break;
    }
    return chain;
  }

  private rulesIn(dir: string, isTop: boolean): Rules | null {
    const known = this.perDir.get(dir);
    if (known !== undefined) return known;
    const texts = [readText(path.join(dir, '.gitignore'))];
    if (isTop) texts.unshift(readText(path.join(dir, '.git', 'info', 'exclude')));
    const present = texts.filter((t): t is string => t !== null);
    const rules = present.length ? { dir, rules: ignore().add(present.join('\n')) } : null;
    this.perDir.set(dir, rules);
    return rules;
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
