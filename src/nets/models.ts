/**
 * CP-, TT- and HT-networks in TensorFlow.js. Each scores a sequence X = (x_1..x_d) as
 * l_c(X) = <W_c, f(x_1) (x) ... (x) f(x_d)>, with the weight tensor W_c held in its format:
 *
 * - CP (shallow): h_r = prod_k <U_k[:, r], f(x_k)>, scores = h W (width R).
 * - TT (multiplicative RNN): h_1 = f(x_1) G_1, h_k[b] = sum_{a,i} h_{k-1}[a] f(x_k)[i] G_k[a, i, b],
 *   scores = h_d (the last core's right rank is the number of classes); optionally one shared
 *   core G_2 = ... = G_{d-1} (an ordinary RNN).
 * - HT (deep convolutional network with product pooling): leaves U_t^T f(x_t), inner nodes
 *   y_t[c] = sum_{a,b} B_t[a, b, c] y_left[a] y_right[b], the root's rank the number of classes.
 *
 * Feature map: f(x) = (1, sigma(A x + b)), shared by every position. The leading constant feature
 * is part of the architecture (it lets W contain every lower-order interaction) and makes a
 * near-identity initialisation possible.
 *
 * Initialisation: near identity on the constant feature, plus small noise. A product of d random
 * factors spans orders of magnitude across inputs (a PyTorch prototype of the MNIST TT-network,
 * d = 16, m = 32, r = 4, stayed at chance for every Gaussian gain it tried), while starting each
 * core as the identity on the constant feature keeps every prefix product near 1 whatever d is,
 * and the noise breaks the symmetry (the same prototype reached 0.95 test accuracy in 3 epochs).
 *
 * @packageDocumentation
 */
import type * as TF from '@tensorflow/tfjs';
import { deriveSeed } from '../exact/prng.js';
import { balancedTree } from '../formats/tree.js';
import type { DimensionTree } from '../formats/types.js';
import type { Tf } from './tf.js';

/** The model families. */
export type ModelKind = 'cp' | 'tt' | 'ht';
/** Feature-map nonlinearities. */
export type Activation = 'relu' | 'identity' | 'sigmoid' | 'tanh';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'identity', 'sigmoid', 'tanh'];

/** A model's shape and initialisation. */
export interface ModelConfig {
  readonly kind: ModelKind;
  /** Sequence length d. */
  readonly d: number;
  /** Size of each input x_k. */
  readonly inputDim: number;
  /** Feature dimension m, the constant feature included (so m - 1 learned features). */
  readonly features: number;
  /** CP width R, or TT / HT rank r. */
  readonly rank: number;
  /** Output classes (1 for regression). */
  readonly classes: number;
  readonly activation: Activation;
  /** TT only: one shared middle core. */
  readonly sharedCores?: boolean;
  /** Standard deviation of the noise added to the near-identity cores. */
  readonly initNoise: number;
  readonly seed: number;
  /** A fixed feature map (A: inputDim x (m-1), b: m-1) that is not trained, e.g. a teacher's. */
  readonly fixedFeatures?: { readonly A: Float32Array; readonly b: Float32Array };
}

/** A network: its variables, forward pass and weights. */
export interface Net {
  readonly config: ModelConfig;
  /** Trainable variables. */
  readonly variables: TF.Variable[];
  /** Features (B, d, m) of inputs (B, d, inputDim). */
  features(x: TF.Tensor3D): TF.Tensor3D;
  /** Scores (B, classes). */
  forward(x: TF.Tensor3D): TF.Tensor2D;
  /** Scores from given features (B, d, m). */
  forwardFeatures(f: TF.Tensor3D): TF.Tensor2D;
  /** Number of trainable parameters. */
  nParams(): number;
  /** The multilinear parameters by name, as float32 arrays with their shapes. */
  cores(): { name: string; shape: number[]; data: Float32Array }[];
  /** The feature map's A and b. */
  featureMap(): { A: Float32Array; b: Float32Array };
  dispose(): void;
}

/** tfjs needs unique variable names; a counter keeps them deterministic. */
let variableCounter = 0;

class Init {
  private counter = 0;
  constructor(
    private readonly tf: Tf,
    private readonly seed: number,
  ) {}
  normal(shape: number[], std: number): TF.Tensor {
    return this.tf.randomNormal(shape, 0, std, 'float32', deriveSeed(this.seed, `init:${this.counter++}`));
  }
}

function activate(tf: Tf, z: TF.Tensor, a: Activation): TF.Tensor {
  switch (a) {
    case 'relu':
      return tf.relu(z);
    case 'identity':
      return z;
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
  }
}

/** Near identity: `base` with ones where `ones(index)` says, plus noise. */
function nearIdentity(tf: Tf, init: Init, shape: number[], noise: number, ones: (idx: number[]) => boolean): TF.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const base = new Float32Array(size);
  const idx = new Array<number>(shape.length).fill(0);
  for (let lin = 0; lin < size; lin++) {
    let rest = lin;
    for (let k = shape.length - 1; k >= 0; k--) {
      idx[k] = rest % (shape[k] as number);
      rest = Math.floor(rest / (shape[k] as number));
    }
    if (ones(idx)) base[lin] = 1;
  }
  return tf.tidy(() => tf.add(tf.tensor(base, shape), init.normal(shape, noise)));
}

/**
 * (k, B, r) -> k tensors (B, r). By split rather than unstack: tfjs's unstack gradient fails when
 * it stacks the per-slice gradients.
 */
function splitFirst(tf: Tf, x: TF.Tensor3D): TF.Tensor2D[] {
  const [k, B, r] = x.shape;
  if (k === 1) return [tf.reshape(x, [B, r]) as TF.Tensor2D];
  return tf.split(x, k, 0).map((t) => tf.reshape(t, [B, r]) as TF.Tensor2D);
}

/** Builds a network; call `dispose` when done. */
export function createNet(tf: Tf, config: ModelConfig): Net {
  const init = new Init(tf, config.seed);
  const { d, inputDim, features: m, rank: r, classes: C } = config;
  if (m < 2) throw new RangeError('features must be at least 2 (the constant feature and one learned)');
  if (d < 2) throw new RangeError('d must be at least 2');
  const trainable: TF.Variable[] = [];
  const variable = (t: TF.Tensor, name: string, train = true): TF.Variable => {
    const v = tf.variable(t, train, `${config.kind}_${name}_${variableCounter++}`);
    t.dispose();
    if (train) trainable.push(v);
    return v;
  };
  // Feature map.
  const fixed = config.fixedFeatures;
  const A = fixed ? variable(tf.tensor2d(fixed.A, [inputDim, m - 1]), 'A', false) : variable(init.normal([inputDim, m - 1], Math.sqrt(2 / (inputDim + m - 1))), 'A');
  const bias = fixed ? variable(tf.tensor1d(fixed.b), 'b', false) : variable(tf.zeros([m - 1]), 'b');
  // The multilinear parameters by logical name; `extract` reads one core out of a stacked variable.
  const named: { name: string; v: TF.Variable; extract?: (all: Float32Array) => { shape: number[]; data: Float32Array } }[] = [];
  const noise = config.initNoise;

  const features = (x: TF.Tensor3D): TF.Tensor3D =>
    tf.tidy(() => {
      const [B] = x.shape;
      const z = tf.add(tf.matMul(tf.reshape(x, [B * d, inputDim]), A), bias);
      const f = activate(tf, z, config.activation);
      return tf.reshape(tf.concat([tf.ones([B * d, 1]), f], 1), [B, d, m]) as TF.Tensor3D;
    });

  let forwardFeatures: (f: TF.Tensor3D) => TF.Tensor2D;
  switch (config.kind) {
    case 'cp': {
      const U = variable(nearIdentity(tf, init, [d, m, r], noise, ([, i]) => i === 0), 'U');
      const W = variable(init.normal([r, C], 1 / Math.sqrt(r)), 'W');
      named.push({ name: 'factors', v: U }, { name: 'head', v: W });
      forwardFeatures = (f) =>
        tf.tidy(() => {
          const P = tf.matMul(tf.transpose(f, [1, 0, 2]), U); // (d, B, R)
          return tf.matMul(tf.prod(P, 0), W) as TF.Tensor2D;
        });
      break;
    }
    case 'tt': {
      const first = variable(nearIdentity(tf, init, [m, r], noise, ([i, b]) => i === 0 && b === 0), 'G_first');
      const middleCount = d > 2 ? (config.sharedCores ? 1 : d - 2) : 0;
      // All middle cores in one variable, features-major: mid[k, i, a, b] = G_k[a, i, b]; one
      // variable keeps the optimiser's per-variable work small.
      const mid =
        middleCount > 0
          ? variable(nearIdentity(tf, init, [middleCount, m, r, r], noise, ([, i, a, b]) => i === 0 && a === b), 'G_middle')
          : undefined;
      const lastInit = tf.tidy(() => tf.add(nearIdentity(tf, init, [r, m, C], noise, () => false), tf.mul(init.normal([r, m, C], 1), tf.tensor3d(Float32Array.from({ length: r * m * C }, (_, lin) => (Math.floor(lin / C) === 0 ? 1 : 0)), [r, m, C]))));
      const last = variable(lastInit, 'G_last');
      named.push({ name: 'first', v: first });
      if (mid) {
        for (let k = 0; k < middleCount; k++) {
          named.push({
            name: `middle_${k}`,
            v: mid,
            extract: (all) => {
              // G_k[a, i, b] = mid[k, i, a, b]
              const out = new Float32Array(r * m * r);
              for (let a = 0; a < r; a++) for (let i = 0; i < m; i++) for (let b = 0; b < r; b++) out[(a * m + i) * r + b] = all[((k * m + i) * r + a) * r + b] as number;
              return { shape: [r, m, r], data: out };
            },
          });
        }
      }
      named.push({ name: 'last', v: last });
      // All middle cores applied to their features in one batched product, then the chain of
      // r x r matrices: a few large ops instead of many small ones per position.
      forwardFeatures = (f) =>
        tf.tidy(() => {
          const [B] = f.shape;
          const fd = tf.transpose(f, [1, 0, 2]); // (d, B, m)
          const parts = tf.split(fd, [1, d - 2, 1].filter((n) => n > 0) as number[], 0);
          const f0 = tf.reshape(parts[0] as TF.Tensor, [B, m]);
          const fLast = tf.reshape(parts[parts.length - 1] as TF.Tensor, [B, m]);
          let h = tf.matMul(f0, first) as TF.Tensor2D; // (B, r)
          if (d > 2) {
            const fMid = parts[1] as TF.Tensor3D; // (d-2, B, m)
            // Core (r, m, r) as (m, r*r): M_k[b] = sum_i f_k[b, i] G_k[:, i, :].
            const G = mid as TF.Variable;
            const M = config.sharedCores
              ? tf.reshape(tf.matMul(tf.reshape(fMid, [(d - 2) * B, m]), tf.reshape(G, [m, r * r])), [d - 2, B, r, r])
              : tf.reshape(tf.matMul(fMid, tf.reshape(G, [d - 2, m, r * r])), [d - 2, B, r, r]);
            // The chain h M_1 ... M_{d-2}, one small batched product per position (a pairwise
            // halving of the chain measured 3x slower on the wasm backend).
            const mats = d - 2 === 1 ? [tf.reshape(M, [B, r, r])] : tf.split(M, d - 2, 0).map((x) => tf.reshape(x, [B, r, r]));
            for (const Mk of mats) h = tf.reshape(tf.matMul(tf.reshape(h, [B, 1, r]), Mk as TF.Tensor3D), [B, r]) as TF.Tensor2D;
          }
          const T = tf.reshape(tf.matMul(h, tf.reshape(last, [r, m * C])), [B, m, C]);
          return tf.sum(tf.mul(T, tf.reshape(fLast, [B, m, 1])), 1) as TF.Tensor2D;
        });
      break;
    }
    case 'ht': {
      const tree: DimensionTree = balancedTree(d);
      const root = tree.nodes.length - 1;
      const ranks = tree.nodes.map((_, t) => (t === root ? C : r));
      const params = tree.nodes.map((node, t) => {
        if (node.kind === 'leaf') return variable(nearIdentity(tf, init, [m, r], noise, ([i, c]) => i === 0 && c === 0), `U_${t}`);
        const shape = [ranks[node.left] as number, ranks[node.right] as number, ranks[t] as number];
        if (t !== root) return variable(nearIdentity(tf, init, shape, noise, ([a, b, c]) => a === 0 && b === 0 && c === 0), `B_${t}`);
        const head = tf.tidy(() => tf.add(init.normal(shape, noise), tf.mul(init.normal(shape, 1), tf.tensor3d(Float32Array.from({ length: shape[0]! * shape[1]! * shape[2]! }, (_, lin) => (lin < shape[2]! ? 1 : 0)), shape as [number, number, number]))));
        return variable(head, `B_${t}`);
      });
      tree.nodes.forEach((node, t) => named.push({ name: node.kind === 'leaf' ? `leaf_${t}_mode_${node.mode}` : `node_${t}`, v: params[t] as TF.Variable }));
      // Nodes in waves (every node whose children are done), each wave one batched product.
      const waves: number[][] = [];
      {
        const done = tree.nodes.map((n) => n.kind === 'leaf');
        for (;;) {
          const wave = tree.nodes.flatMap((n, t) => (n.kind === 'inner' && !done[t] && done[n.left] && done[n.right] ? [t] : []));
          if (wave.length === 0) break;
          wave.forEach((t) => (done[t] = true));
          waves.push(wave);
        }
      }
      const leafIds = tree.nodes.flatMap((n, t) => (n.kind === 'leaf' ? [t] : []));
      forwardFeatures = (f) =>
        tf.tidy(() => {
          const [B] = f.shape;
          const vals: TF.Tensor2D[] = new Array<TF.Tensor2D>(tree.nodes.length);
          // Leaves: every frame applied to its mode's features in one batched product.
          const modes = leafIds.map((t) => (tree.nodes[t] as { mode: number }).mode);
          // (leaves, B, m); the balanced tree lists its leaves in mode order, so this is usually a
          // plain transpose (gather's gradient is not available on every backend).
          const fdAll = tf.transpose(f, [1, 0, 2]) as TF.Tensor3D;
          const inOrder = modes.every((mode, i) => mode === i);
          const fd = inOrder ? fdAll : tf.stack(modes.map((mode) => (splitFirst(tf, fdAll)[mode] as TF.Tensor2D)));
          const leafVals = splitFirst(tf, tf.matMul(fd, tf.stack(leafIds.map((t) => params[t] as TF.Variable))) as TF.Tensor3D);
          leafIds.forEach((t, i) => (vals[t] = leafVals[i] as TF.Tensor2D));
          for (const wave of waves) {
            // Group the wave by shape (the root may differ: its rank is the number of classes).
            const groups = new Map<string, number[]>();
            for (const t of wave) {
              const node = tree.nodes[t] as { left: number; right: number };
              const key = `${ranks[node.left]}x${ranks[node.right]}x${ranks[t]}`;
              groups.set(key, [...(groups.get(key) ?? []), t]);
            }
            for (const ids of groups.values()) {
              const first = tree.nodes[ids[0] as number] as { left: number; right: number };
              const rl = ranks[first.left] as number;
              const rr = ranks[first.right] as number;
              const rt = ranks[ids[0] as number] as number;
              const yl = tf.stack(ids.map((t) => vals[(tree.nodes[t] as { left: number }).left] as TF.Tensor2D)); // (k, B, rl)
              const yr = tf.stack(ids.map((t) => vals[(tree.nodes[t] as { right: number }).right] as TF.Tensor2D));
              const outer = tf.reshape(tf.mul(tf.reshape(yl, [ids.length, B, rl, 1]), tf.reshape(yr, [ids.length, B, 1, rr])), [ids.length, B, rl * rr]);
              const Bs = tf.stack(ids.map((t) => tf.reshape(params[t] as TF.Variable, [rl * rr, rt])));
              const out = splitFirst(tf, tf.matMul(outer, Bs) as TF.Tensor3D);
              ids.forEach((t, i) => (vals[t] = out[i] as TF.Tensor2D));
            }
          }
          return vals[root] as TF.Tensor2D;
        });
      break;
    }
  }
  const allVars = [...new Set([A, bias, ...named.map((n) => n.v)])];
  return {
    config,
    variables: trainable,
    features,
    forwardFeatures,
    forward: (x) => tf.tidy(() => forwardFeatures(features(x))),
    nParams: () => trainable.reduce((s, v) => s + v.size, 0),
    cores: () =>
      named.map(({ name, v, extract }) => {
        const all = v.dataSync() as Float32Array;
        return extract ? { name, ...extract(all) } : { name, shape: [...v.shape], data: all };
      }),
    featureMap: () => ({ A: A.dataSync() as Float32Array, b: bias.dataSync() as Float32Array }),
    dispose: () => allVars.forEach((v) => v.dispose()),
  };
}
