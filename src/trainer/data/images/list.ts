/**
 * Listing a class-per-subfolder image folder without opening a single image:
 * one `readdir` per folder, file names filtered by extension. Class names are
 * the subfolder names in sorted order, which is how Keras numbers the classes;
 * images nested deeper inside a class folder belong to that class (Keras walks
 * class folders recursively too).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../errors';
import { IMAGE_EXTENSIONS } from './formats';

interface ImageClass {
  name: string;
  /** Paths relative to the root folder, sorted. */
  files: string[];
}

export interface ImageFolderListing {
  root: string;
  classes: ImageClass[];
  /** Images lying directly in the root (not in a class folder); Keras ignores them. */
  looseImages: number;
}

function isImage(name: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

async function walk(root: string, relative: string, out: string[]): Promise<void> {
  const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await walk(root, child, out);
    else if ((entry.isFile() || entry.isSymbolicLink()) && isImage(entry.name)) out.push(child);
  }
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function listImageFolder(root: string): Promise<ImageFolderListing> {
  const entries = await fs.promises.readdir(root, { withFileTypes: true });
  const classNames = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byCodePoint);
  const looseImages = entries.filter((e) => e.isFile() && isImage(e.name)).length;
  const classes: ImageClass[] = [];
  for (const name of classNames) {
    const files: string[] = [];
    await walk(root, name, files);
    classes.push({ name, files: files.sort(byCodePoint) });
  }
  return { root, classes, looseImages };
}

/** The specific complaint about a listing that cannot give a classifier its data, or null when it can. */
export function checkImageFolder(listing: ImageFolderListing): void {
  const { root, classes, looseImages } = listing;
  if (classes.length === 0) {
    throw new DataError(
      looseImages > 0 ? 'no-class-folders' : 'no-images',
      looseImages > 0
        ? `${root} holds ${looseImages} images directly, but no class folders: put each class's images in a subfolder named after the class (e.g. ${path.join(root, 'cats')}, ${path.join(root, 'dogs')})`
        : `${root} has no class subfolders and no images (JPEG, PNG, BMP or GIF)`,
    );
  }
  const total = classes.reduce((n, c) => n + c.files.length, 0);
  if (total === 0) {
    throw new DataError(
      'no-images',
      `none of the class folders in ${root} (${classes.map((c) => c.name).join(', ')}) holds an image (JPEG, PNG, BMP or GIF)`,
    );
  }
  if (classes.length === 1) {
    throw new DataError(
      'single-class',
      `${root} has only one class folder ('${classes[0].name}'): a classifier needs at least two classes, one subfolder each`,
    );
  }
  const empty = classes.filter((c) => c.files.length === 0);
  if (empty.length > 0 && classes.length - empty.length < 2) {
    throw new DataError(
      'empty-class-folder',
      `the class folder${empty.length > 1 ? 's' : ''} ${empty.map((c) => `'${c.name}'`).join(', ')} in ${root} ${empty.length > 1 ? 'have' : 'has'} no images (JPEG, PNG, BMP or GIF), which leaves a single class to train on`,
    );
  }
}
