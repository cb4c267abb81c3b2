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
import { fusedLoss, fusedPredict, fusedScores, type FusedSpec, type Targets } from './fused.js';
import { ScratchPool, type MultilinearPlan } from './kernels.js';
import type { Tf } from './tf.js';

export type { Targets } from './fused.js';

/** The model families. */
export type ModelKind = 'cp' | 'tt' | 'ht';
/** Feature-map nonlinearities. */
export type Activation = 'relu' | 'identity' | 'sigmoid' | 'tanh';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'identity', 'sigmoid', 'tanh'];

/** How scores and gradients are computed (the same weights either way). */
export type Engine = 'fused' | 'autodiff';

/** The engine a backend gets by default: fused where tensor data lives in this process's memory. */
export function defaultEngine(tf: Tf): Engine {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu' ? 'fused' : 'autodiff';
}

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
  /** Default: {@link defaultEngine} of the backend. */
  readonly engine?: Engine;
}

/** One parameter block inside theta: its shape and where it starts. */
export interface ParamBlock {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

/** A network: its variables, forward pass and weights. */
export interface Net {
  readonly config: ModelConfig;
  readonly engine: Engine;
  /** Trainable variables: theta alone. */
  readonly variables: TF.Variable[];
  /** The blocks of theta, in order. */
  readonly blocks: readonly ParamBlock[];
  /** Features (B, d, m) of inputs (B, d, inputDim). */
  features(x: TF.Tensor3D): TF.Tensor3D;
  /** Scores (B, classes), by the net's engine. */
  forward(x: TF.Tensor3D): TF.Tensor2D;
  /** Scores (B, classes) for inference: as `forward`, without a gradient (the fused engine reuses its buffers at once). */
  predict(x: TF.Tensor3D): TF.Tensor2D;
  /** Scores from given features (B, d, m), by TensorFlow.js ops. */
  forwardFeatures(f: TF.Tensor3D): TF.Tensor2D;
  /**
   * The mean loss of a batch (softmax cross-entropy for labels, squared error for values), by the
   * net's engine: the fused one computes network and loss as one node.
   */
  loss(x: TF.Tensor3D, targets: Targets): TF.Scalar;
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

/** The loss of scores as TensorFlow.js ops (the autodiff engine's). */
function lossOf(tf: Tf, scores: TF.Tensor2D, targets: Targets): TF.Scalar {
  if (targets.kind === 'labels') {
    const labels = tf.tensor1d(Int32Array.from(targets.labels), 'int32');
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, scores.shape[1]), scores) as TF.Scalar;
  }
  return tf.losses.meanSquaredError(tf.tensor2d(Float32Array.from(targets.values), [scores.shape[0], 1]), scores) as TF.Scalar;
}

/** Builds a network; call `dispose` when done. */
export function createNet(tf: Tf, config: ModelConfig): Net {
  const init = new Init(tf, config.seed);
  const { d, inputDim, features: m, rank: r, classes: C } = config;
  if (m < 2) throw new RangeError('features must be at least 2 (the constant feature and one learned)');
  if (d < 2) throw new RangeError('d must be at least 2');
  const engine = config.engine ?? defaultEngine(tf);
  // The trained blocks, in order, with their initial values; theta is their concatenation.
  const initial: { name: string; value: TF.Tensor }[] = [];
  const block = (name: string, value: TF.Tensor): void => {
    initial.push({ name, value });
  };
  const fixed = config.fixedFeatures;
  if (!fixed) {
    block('A', init.normal([inputDim, m - 1], Math.sqrt(2 / (inputDim + m - 1))));
    block('b', tf.zeros([m - 1]));
  }
  const noise = config.initNoise;
  // The format's tensors by the names export.ts reads: a block, or a core read out of one.
  const named: { name: string; block: string; extract?: (all: Float32Array) => { shape: number[]; data: Float32Array } }[] = [];
  const tree: DimensionTree | undefined = config.kind === 'ht' ? balancedTree(d) : undefined;
  const htRanks = tree ? tree.nodes.map((_, t) => (t === tree.nodes.length - 1 ? C : r)) : [];
  const middleCount = config.kind === 'tt' && d > 2 ? (config.sharedCores ? 1 : d - 2) : 0;
  switch (config.kind) {
    case 'cp': {
      block('U', nearIdentity(tf, init, [d, m, r], noise, ([, i]) => i === 0));
      block('W', init.normal([r, C], 1 / Math.sqrt(r)));
      named.push({ name: 'factors', block: 'U' }, { name: 'head', block: 'W' });
      break;
    }
    case 'tt': {
      block('G_first', nearIdentity(tf, init, [m, r], noise, ([i, b]) => i === 0 && b === 0));
      // Middle cores features-major: mid[k, i, a, b] = G_k[a, i, b].
      if (middleCount > 0) block('G_middle', nearIdentity(tf, init, [middleCount, m, r, r], noise, ([, i, a, b]) => i === 0 && a === b));
      block('G_last', tf.tidy(() => tf.add(nearIdentity(tf, init, [r, m, C], noise, () => false), tf.mul(init.normal([r, m, C], 1), tf.tensor3d(Float32Array.from({ length: r * m * C }, (_, lin) => (Math.floor(lin / C) === 0 ? 1 : 0)), [r, m, C])))));
      named.push({ name: 'first', block: 'G_first' });
      for (let k = 0; k < middleCount; k++) {
        named.push({
          name: `middle_${k}`,
          block: 'G_middle',
          extract: (all) => {
            // G_k[a, i, b] = mid[k, i, a, b]
            const out = new Float32Array(r * m * r);
            for (let a = 0; a < r; a++) for (let i = 0; i < m; i++) for (let b = 0; b < r; b++) out[(a * m + i) * r + b] = all[((k * m + i) * r + a) * r + b] as number;
            return { shape: [r, m, r], data: out };
          },
        });
      }
      named.push({ name: 'last', block: 'G_last' });
      break;
    }
    case 'ht': {
      const nodes = (tree as DimensionTree).nodes;
      const root = nodes.length - 1;
      nodes.forEach((node, t) => {
        if (node.kind === 'leaf') {
          block(`U_${t}`, nearIdentity(tf, init, [m, r], noise, ([i, c]) => i === 0 && c === 0));
          named.push({ name: `leaf_${t}_mode_${node.mode}`, block: `U_${t}` });
          return;
        }
        const shape = [htRanks[node.left] as number, htRanks[node.right] as number, htRanks[t] as number];
        if (t !== root) block(`B_${t}`, nearIdentity(tf, init, shape, noise, ([a, b, c]) => a === 0 && b === 0 && c === 0));
        else block(`B_${t}`, tf.tidy(() => tf.add(init.normal(shape, noise), tf.mul(init.normal(shape, 1), tf.tensor3d(Float32Array.from({ length: shape[0]! * shape[1]! * shape[2]! }, (_, lin) => (lin < shape[2]! ? 1 : 0)), shape as [number, number, number])))));
        named.push({ name: `node_${t}`, block: `B_${t}` });
      });
      break;
    }
  }
  const blocks: ParamBlock[] = [];
  let size = 0;
  for (const { name, value } of initial) {
    blocks.push({ name, shape: [...value.shape], offset: size, size: value.size });
    size += value.size;
  }
  const theta = tf.variable(tf.tidy(() => tf.concat(initial.map(({ value }) => tf.reshape(value, [value.size])))), true, `${config.kind}_theta_${variableCounter++}`);
  tf.dispose(initial.map(({ value }) => value));
  const at = (name: string): ParamBlock => {
    const found = blocks.find((b) => b.name === name);
    if (!found) throw new Error(`internal: no parameter block ${name}`);
    return found;
  };
  /** A block of theta as a tensor of its shape (differentiable: a slice of the variable). */
  const param = (name: string): TF.Tensor => {
    const b = at(name);
    return tf.reshape(tf.slice(theta, [b.offset], [b.size]), [...b.shape]);
  };
  const fixedA = fixed ? tf.keep(tf.tensor2d(fixed.A, [inputDim, m - 1])) : undefined;
  const fixedB = fixed ? tf.keep(tf.tensor1d(fixed.b)) : undefined;

  const features = (x: TF.Tensor3D): TF.Tensor3D =>
    tf.tidy(() => {
      const [B] = x.shape;
      const z = tf.add(tf.matMul(tf.reshape(x, [B * d, inputDim]), fixedA ?? param('A')), fixedB ?? param('b'));
      const f = activate(tf, z, config.activation);
      return tf.reshape(tf.concat([tf.ones([B * d, 1]), f], 1), [B, d, m]) as TF.Tensor3D;
    });

  let forwardFeatures: (f: TF.Tensor3D) => TF.Tensor2D;
  let plan: MultilinearPlan;
  switch (config.kind) {
    case 'cp': {
      plan = { kind: 'cp', d, m, rank: r, classes: C, U: at('U').offset, W: at('W').offset };
      forwardFeatures = (f) =>
        tf.tidy(() => {
          const P = tf.matMul(tf.transpose(f, [1, 0, 2]), param('U')); // (d, B, R)
          return tf.matMul(tf.prod(P, 0), param('W')) as TF.Tensor2D;
        });
      break;
    }
    case 'tt': {
      plan = { kind: 'tt', d, m, rank: r, classes: C, first: at('G_first').offset, middle: middleCount > 0 ? at('G_middle').offset : 0, shared: config.sharedCores === true, last: at('G_last').offset };
      // All middle cores applied to their features in one batched product, then the chain of
      // r x r matrices.
      forwardFeatures = (f) =>
        tf.tidy(() => {
          const [B] = f.shape;
          const fd = tf.transpose(f, [1, 0, 2]); // (d, B, m)
          const parts = tf.split(fd, [1, d - 2, 1].filter((n) => n > 0) as number[], 0);
          const f0 = tf.reshape(parts[0] as TF.Tensor, [B, m]);
          const fLast = tf.reshape(parts[parts.length - 1] as TF.Tensor, [B, m]);
          let h = tf.matMul(f0, param('G_first') as TF.Tensor2D) as TF.Tensor2D; // (B, r)
          if (d > 2) {
            const fMid = parts[1] as TF.Tensor3D; // (d-2, B, m)
            // Core (r, m, r) as (m, r*r): M_k[b] = sum_i f_k[b, i] G_k[:, i, :].
            const G = param('G_middle');
            const M = config.sharedCores
              ? tf.reshape(tf.matMul(tf.reshape(fMid, [(d - 2) * B, m]), tf.reshape(G, [m, r * r])), [d - 2, B, r, r])
              : tf.reshape(tf.matMul(fMid, tf.reshape(G, [d - 2, m, r * r])), [d - 2, B, r, r]);
            const mats = d - 2 === 1 ? [tf.reshape(M, [B, r, r])] : tf.split(M, d - 2, 0).map((x) => tf.reshape(x, [B, r, r]));
            for (const Mk of mats) h = tf.reshape(tf.matMul(tf.reshape(h, [B, 1, r]), Mk as TF.Tensor3D), [B, r]) as TF.Tensor2D;
          }
          const T = tf.reshape(tf.matMul(h, tf.reshape(param('G_last'), [r, m * C])), [B, m, C]);
          return tf.sum(tf.mul(T, tf.reshape(fLast, [B, m, 1])), 1) as TF.Tensor2D;
        });
      break;
    }
    case 'ht': {
      const nodes = (tree as DimensionTree).nodes;
      const root = nodes.length - 1;
      plan = { kind: 'ht', d, m, classes: C, tree: tree as DimensionTree, ranks: htRanks, offsets: nodes.map((n, t) => at(n.kind === 'leaf' ? `U_${t}` : `B_${t}`).offset) };
      // Nodes in waves (every node whose children are done), each wave one batched product.
      const waves: number[][] = [];
      {
        const done = nodes.map((n) => n.kind === 'leaf');
        for (;;) {
          const wave = nodes.flatMap((n, t) => (n.kind === 'inner' && !done[t] && done[n.left] && done[n.right] ? [t] : []));
          if (wave.length === 0) break;
          wave.forEach((t) => (done[t] = true));
          waves.push(wave);
        }
      }
      const leafIds = nodes.flatMap((n, t) => (n.kind === 'leaf' ? [t] : []));
      forwardFeatures = (f) =>
        tf.tidy(() => {
          const [B] = f.shape;
          const params = nodes.map((n, t) => param(n.kind === 'leaf' ? `U_${t}` : `B_${t}`));
          const vals: TF.Tensor2D[] = new Array<TF.Tensor2D>(nodes.length);
          // Leaves: every frame applied to its mode's features in one batched product.
          const modes = leafIds.map((t) => (nodes[t] as { mode: number }).mode);
          // (leaves, B, m); the balanced tree lists its leaves in mode order, so this is usually a
          // plain transpose (gather's gradient is not available on every backend).
          const fdAll = tf.transpose(f, [1, 0, 2]) as TF.Tensor3D;
          const inOrder = modes.every((mode, i) => mode === i);
          const fd = inOrder ? fdAll : tf.stack(modes.map((mode) => splitFirst(tf, fdAll)[mode] as TF.Tensor2D));
          const leafVals = splitFirst(tf, tf.matMul(fd, tf.stack(leafIds.map((t) => params[t] as TF.Tensor))) as TF.Tensor3D);
          leafIds.forEach((t, i) => (vals[t] = leafVals[i] as TF.Tensor2D));
          for (const wave of waves) {
            // Group the wave by shape (the root may differ: its rank is the number of classes).
            const groups = new Map<string, number[]>();
            for (const t of wave) {
              const node = nodes[t] as { left: number; right: number };
              const key = `${htRanks[node.left]}x${htRanks[node.right]}x${htRanks[t]}`;
              groups.set(key, [...(groups.get(key) ?? []), t]);
            }
            for (const ids of groups.values()) {
              const first = nodes[ids[0] as number] as { left: number; right: number };
              const rl = htRanks[first.left] as number;
              const rr = htRanks[first.right] as number;
              const rt = htRanks[ids[0] as number] as number;
              const yl = tf.stack(ids.map((t) => vals[(nodes[t] as { left: number }).left] as TF.Tensor2D)); // (k, B, rl)
              const yr = tf.stack(ids.map((t) => vals[(nodes[t] as { right: number }).right] as TF.Tensor2D));
              const outer = tf.reshape(tf.mul(tf.reshape(yl, [ids.length, B, rl, 1]), tf.reshape(yr, [ids.length, B, 1, rr])), [ids.length, B, rl * rr]);
              const Bs = tf.stack(ids.map((t) => tf.reshape(params[t] as TF.Tensor, [rl * rr, rt])));
              const out = splitFirst(tf, tf.matMul(outer, Bs) as TF.Tensor3D);
              ids.forEach((t, i) => (vals[t] = out[i] as TF.Tensor2D));
            }
          }
          return vals[root] as TF.Tensor2D;
        });
      break;
    }
  }
  const spec: FusedSpec = {
    d,
    inputDim,
    m,
    classes: C,
    activation: config.activation,
    plan,
    featureMap: fixed ? { kind: 'fixed', A: Float32Array.from(fixed.A), b: Float32Array.from(fixed.b) } : { kind: 'trained', A: at('A').offset, b: at('b').offset },
    scratch: new ScratchPool(),
  };
  const forward = (x: TF.Tensor3D): TF.Tensor2D => (engine === 'fused' ? fusedScores(tf, spec, theta, x) : tf.tidy(() => forwardFeatures(features(x))));
  const readBlock = (all: Float32Array, name: string): Float32Array => {
    const b = at(name);
    return all.slice(b.offset, b.offset + b.size);
  };
  return {
    config,
    engine,
    variables: [theta],
    blocks,
    features,
    forwardFeatures,
    forward,
    predict: (x) => (engine === 'fused' ? fusedPredict(tf, spec, theta, x) : forward(x)),
    loss: (x, targets) => (engine === 'fused' ? fusedLoss(tf, spec, theta, x, targets) : tf.tidy(() => lossOf(tf, forward(x), targets))),
    nParams: () => theta.size,
    cores: () => {
      const all = theta.dataSync() as Float32Array;
      return named.map(({ name, block: b, extract }) => (extract ? { name, ...extract(readBlock(all, b)) } : { name, shape: [...at(b).shape], data: readBlock(all, b) }));
    },
    featureMap: () => (fixed ? { A: Float32Array.from(fixed.A), b: Float32Array.from(fixed.b) } : { A: readBlock(theta.dataSync() as Float32Array, 'A'), b: readBlock(theta.dataSync() as Float32Array, 'b') }),
    dispose: () => tf.dispose([theta, ...(fixedA ? [fixedA] : []), ...(fixedB ? [fixedB] : [])]),
  };
}
