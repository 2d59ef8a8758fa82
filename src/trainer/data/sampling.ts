/**
 * Seeded, stratified sampling of example indices. The same seed always picks
 * the same examples, so a run "as written" and a run "as fixed" see the same data.
 */

import { seededRandom } from '../random';

// The trainer's PRNG: the same seed picks the same sample as the synthetic data uses.
export { seededRandom };

/** Fisher–Yates in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, random: () => number): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/**
 * How many examples to take from each class: proportional to the class sizes
 * (largest remainder), but at least one from every non-empty class when the
 * sample is big enough, so a rare class is never left out.
 */
export function stratifiedQuotas(counts: readonly number[], sample: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (sample >= total) return [...counts];
  const exact = counts.map((c) => (c * sample) / total);
  const quotas = exact.map(Math.floor);
  let left = sample - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = counts.map((_, i) => i).sort((a, b) => exact[b] - quotas[b] - (exact[a] - quotas[a]) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    if (quotas[i] < counts[i]) {
      quotas[i]++;
      left--;
    }
  }
  const nonEmpty = counts.filter((c) => c > 0).length;
  if (sample >= nonEmpty) {
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && quotas[i] === 0) {
        // Take the one example from the class with the most to spare.
        let donor = -1;
        for (let j = 0; j < counts.length; j++)
          if (quotas[j] > 1 && (donor < 0 || quotas[j] > quotas[donor])) donor = j;
        if (donor < 0) break;
        quotas[donor]--;
        quotas[i] = 1;
      }
    }
  }
  return quotas;
}

/**
 * Members of each class in a seeded random order: `order[c]` lists the example
 * indices of class c, shuffled. Callers take the first quota of each list and,
 * when an example turns out unreadable, the next one.
 */
function shuffledMembers(classIds: ArrayLike<number>, numClasses: number, random: () => number): Int32Array[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < classIds.length; i++) counts[classIds[i]]++;
  const members = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < classIds.length; i++) members[classIds[i]][fill[classIds[i]]++] = i;
  for (const m of members) shuffleInPlace(m, random);
  return members;
}

/**
 * A stratified sample of example indices (classIds null: a plain random sample),
 * returned in random order so classes are interleaved.
 */
export function sampleIndices(
  count: number,
  classIds: ArrayLike<number> | null,
  numClasses: number,
  sample: number,
  seed: number,
): Int32Array {
  const random = seededRandom(seed);
  const groups = classIds
    ? shuffledMembers(classIds, numClasses, random)
    : [
        shuffleInPlace(
          Int32Array.from({ length: count }, (_, i) => i),
          random,
        ),
      ];
  const quotas = stratifiedQuotas(
    groups.map((g) => g.length),
    sample,
  );
  const picked = new Int32Array(quotas.reduce((a, b) => a + b, 0));
  let n = 0;
  groups.forEach((g, c) => {
    picked.set(g.subarray(0, quotas[c]), n);
    n += quotas[c];
  });
  return shuffleInPlace(picked, random);
}

/**
 * `count` distinct indices below `total`, uniformly at random (seeded), in
 * ascending order; all of them when `total` is smaller. Memory follows `count`,
 * not `total` (Floyd's algorithm), so a header claiming billions costs nothing.
 */
export function uniformSubset(total: number, count: number, seed: number): Int32Array {
  if (total <= count) return Int32Array.from({ length: total }, (_, i) => i);
  const random = seededRandom(seed);
  const chosen = new Set<number>();
  for (let j = total - count; j < total; j++) {
    const t = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}
