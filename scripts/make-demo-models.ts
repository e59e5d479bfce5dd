// Writes the demo models the dev model server serves (deterministic weights from a seeded
// PRNG, so tests can recompute every score). Run: npx tsx scripts/make-demo-models.ts
import fs from "node:fs";
import path from "node:path";
import { FAVPUSH_LR_NEXT_VERSION, FAVPUSH_MODEL_VERSION } from "../db/seed/favpush/versions";

function prng(seed: number) {
  // mulberry32: tiny, fast, and the same in every JS engine.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const vector = (rand: () => number, n: number, scale: number) => Array.from({ length: n }, () => round((rand() * 2 - 1) * scale));
const matrix = (rand: () => number, rows: number, cols: number, scale: number) => Array.from({ length: rows }, () => vector(rand, cols, scale));

const root = path.resolve(import.meta.dirname, "../model-server/demo-models");

function write(model: string, version: number, body: object) {
  const dir = path.join(root, model, String(version));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(body, null, 1) + "\n");
}

// LRFg feeds x = concat(user_vec, goods_vec): 16 floats.
for (const [version, seed] of [[FAVPUSH_MODEL_VERSION, 1], [FAVPUSH_LR_NEXT_VERSION, 2]] as const) {
  const r = prng(seed);
  write("favpush_lr", version, { kind: "logistic_regression", inputs: [{ name: "x", size: 16 }], output: "y", weights: vector(r, 16, 1), bias: round(r() - 0.5) });
}

// DNNFg feeds user (8), goods (8), cf (1): one hidden layer of 8 relu units, a sigmoid out.
{
  const r = prng(3);
  write("favpush_dnn", 20200116, {
    kind: "mlp",
    inputs: [{ name: "user", size: 8 }, { name: "goods", size: 8 }, { name: "cf", size: 1 }],
    output: "y",
    layers: [
      { weights: matrix(r, 17, 8, 0.8), bias: vector(r, 8, 0.1) },
      { weights: matrix(r, 8, 1, 0.8), bias: vector(r, 1, 0.1) },
    ],
  });
}
console.log(`demo models written under ${root}`);
