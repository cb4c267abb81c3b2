/**
 * Loading TensorFlow.js and choosing a backend: the only module that knows where tfjs comes from.
 *
 * Best first: `@tensorflow/tfjs-node-gpu` (CUDA), `@tensorflow/tfjs-node` (native TensorFlow),
 * both optional dependencies loaded only if installed; then `@tensorflow/tfjs-backend-wasm`
 * (SIMD; the default where native TensorFlow cannot install), then `cpu` (plain JS).
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

/** The tfjs namespace. */
export type Tf = typeof TF;

/** Backend names a user can ask for. */
export type BackendChoice = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'];

/** The loaded library and what it runs on. */
export interface TfRuntime {
  readonly tf: Tf;
  /** The backend loaded, as a choice that loads it again (e.g. in a worker thread). */
  readonly choice: Exclude<BackendChoice, 'auto'>;
  /** The backend in use, as tfjs names it (tensorflow, wasm, cpu). */
  readonly backend: string;
  /** Which package provided it and what was tried first. */
  readonly description: string;
}

/** Raised when the asked-for backend cannot be loaded. */
export class BackendError extends Error {
  readonly code = 'E_BACKEND';
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

function tryRequire(name: string): unknown {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}

let cached: TfRuntime | undefined;

/**
 * Loads tfjs and sets the backend. `auto` takes the best available; naming one that is not
 * installed is an error that says what is installed.
 */
export async function loadTf(choice: BackendChoice = 'auto'): Promise<TfRuntime> {
  if (cached && (choice === 'auto' || cached.choice === choice)) return cached;
  const tried: string[] = [];
  const native = (pkg: string, label: 'node-gpu' | 'node'): TfRuntime | undefined => {
    const mod = tryRequire(pkg) as Tf | undefined;
    if (!mod) {
      tried.push(`${label}: ${pkg} not installed`);
      return undefined;
    }
    return { tf: mod, choice: label, backend: 'tensorflow', description: `${label} (${pkg})` };
  };
  let rt: TfRuntime | undefined;
  if (choice === 'node-gpu' || choice === 'auto') rt = native('@tensorflow/tfjs-node-gpu', 'node-gpu');
  if (!rt && (choice === 'node' || choice === 'auto')) rt = native('@tensorflow/tfjs-node', 'node');
  if (!rt && choice !== 'auto' && (choice === 'node' || choice === 'node-gpu')) throw new BackendError(`backend ${choice} is not available: ${tried.join('; ')}`);
  if (rt) {
    await rt.tf.ready();
    cached = rt;
    return rt;
  }
  const tf = tryRequire('@tensorflow/tfjs') as Tf | undefined;
  if (!tf) throw new BackendError(`training needs TensorFlow.js, an optional peer dependency that installing check-theorem for proofs does not bring: npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm${tried.length ? ` (${tried.join('; ')})` : ''}`);
  // Production mode: skips tfjs's debug checks, and its console hint about tfjs-node when the cpu
  // backend starts (the run reports its backend itself).
  tf.enableProdMode();
  if (choice === 'wasm' || choice === 'auto') {
    const wasm = tryRequire('@tensorflow/tfjs-backend-wasm');
    if (wasm && (await tf.setBackend('wasm').catch(() => false))) {
      await tf.ready();
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      cached = { tf, choice: 'wasm', backend: 'wasm', description: `wasm (@tensorflow/tfjs-backend-wasm, SIMD ${simd ? 'on' : 'off'})${tried.length ? `; ${tried.join('; ')}` : ''}` };
      return cached;
    }
    tried.push('wasm: could not initialise');
    if (choice === 'wasm') throw new BackendError(`backend wasm is not available: ${tried.join('; ')}`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  cached = { tf, choice: 'cpu', backend: 'cpu', description: `cpu (@tensorflow/tfjs, plain JS)${tried.length ? `; ${tried.join('; ')}` : ''}` };
  return cached;
}
