// Shared by the trusted and the Restricted Mode suites: a tiny model that reads
// a CSV, and the extension's verifyByTraining API.
import * as vscode from 'vscode';
import type { VerifyResult } from '../../../src/trainer/protocol';
import { EXTENSION_ID } from './util';

/** 40 rows, 4 features, two classes told apart by the first feature. */
export const TINY_CSV = `${[
  'a,b,c,d,label',
  ...Array.from({ length: 40 }, (_, i) => `${(i % 2) * 4 + (i % 5) * 0.1},${i % 3},${(i * 7) % 5},${i % 4},${i % 2}`),
].join('\n')}\n`;

export const CSV_MODEL = `import pandas as pd
from tensorflow import keras
df = pd.read_csv("tiny.csv")
x = df.drop("label", axis=1)
y = df["label"]
model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=3)
`;

export async function verifyByTraining(args: { uri: string; line: number }): Promise<VerifyResult | undefined> {
  const ext = vscode.extensions.getExtension<{
    verifyByTraining: (a: { uri: string; line: number }) => Promise<VerifyResult | undefined>;
  }>(EXTENSION_ID)!;
  await ext.activate();
  await vscode.workspace
    .getConfiguration('modelDoctor.training')
    .update('epochs', 3, vscode.ConfigurationTarget.Workspace);
  try {
    return await ext.exports.verifyByTraining(args);
  } finally {
    await vscode.workspace
      .getConfiguration('modelDoctor.training')
      .update('epochs', undefined, vscode.ConfigurationTarget.Workspace);
  }
}
