/** Writes src/analyzer/tfjs/catalog.json from the installed TensorFlow.js (see tools/tfjs-catalog.ts). */
import * as fs from 'node:fs';
import { CATALOG_PATH, catalogText, extractTfjsCatalog } from './tfjs-catalog';

fs.mkdirSync(require('node:path').dirname(CATALOG_PATH), { recursive: true });
fs.writeFileSync(CATALOG_PATH, catalogText(extractTfjsCatalog()));
console.log(`wrote ${CATALOG_PATH}`);
