/**
 * The project's settings for `model-doctor check` and the editor's Check Workspace:
 * `.model-doctor.json` in the folder the command runs in (or `--config FILE`; the
 * workspace folder in the editor), with the editor's names less the `modelDoctor.` prefix:
 *
 *     { "rules": { "stacked-linear-layers": "off" }, "exclude": ["legacy/", "*_generated.py"] }
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleSetting } from '../analyzer';
import { objectReader, parseSettings } from './settings';

const CONFIG_FILE = '.model-doctor.json';
const KEYS = new Set(['rules', 'exclude']);

export interface ProjectConfig {
  /** Where it was read from, if anywhere. */
  file: string | null;
  rules: Record<string, RuleSetting>;
  /** gitignore-style patterns, relative to the folder of the config file. */
  exclude: string[];
}

/** A named config file that is missing, or any config file that is not valid (the CLI's exit 2). */
export class ProjectConfigError extends Error {}

/** Reads the config of the current folder, or the file named; `folder` reads the one in that folder instead. */
export function readProjectConfig(
  named: string | undefined,
  warn: (message: string) => void,
  folder?: string,
): ProjectConfig {
  const file = named ? path.resolve(named) : path.resolve(folder ?? '.', CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (named) throw new ProjectConfigError(`cannot read --config ${named}: ${(error as Error).message}`);
    return { file: null, rules: {}, exclude: [] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProjectConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new ProjectConfigError(`${file} must hold a JSON object`);
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!KEYS.has(key)) warn(`${file}: unknown setting "${key}" (ignored)`);
  const exclude = record.exclude ?? [];
  if (!Array.isArray(exclude) || exclude.some((p) => typeof p !== 'string'))
    throw new ProjectConfigError(`${file}: "exclude" must be a list of patterns (strings)`);
  const { rules } = parseSettings(objectReader({ rules: record.rules }), (m) => warn(`${file}: ${m}`));
  return { file, rules, exclude };
}
