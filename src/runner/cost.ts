/**
 * Up-front estimates of memory and time, so work that would not fit is refused before it starts.
 *
 * The constants are rough fits to `npm run bench` on this 2-core machine class; estimates are
 * reported as estimates and only decide refusals.
 *
 * @packageDocumentation
 */
import { formatBytes } from '../formats/types.js';
import type { LowerBoundPlan } from './lowerBound.js';
import type { InstanceSpec } from './types.js';
import { nodeSize as tnNodeSize, type TnStructure } from '../formats/tn.js';

/** Seconds per multiply-add of the engine's blocked elimination mod p (1024^3/3 in ~0.35 s). */
const ENGINE_SECONDS_PER_FMA = 1.0e-9;
/** Seconds per multiply-add of the kernel's elimination (4096^3/3 in ~24 s). */
const KERNEL_SECONDS_PER_FMA = 1.1e-9;
/** Seconds per entry to form a matricization from the cores (4096^2 entries of a TT in ~2.6 s). */
const MATRICIZE_SECONDS_PER_ENTRY = 2.0e-7;
/** Seconds per multiply-add of the batched contraction (sketches and minors from cores). */
const CONTRACTION_SECONDS_PER_FMA = 5.0e-9;
/** Bytes per matricization entry while the dense engines run (generic array, residues, copy). */
const DENSE_BYTES_PER_ENTRY = 32;

/** Estimated cost of one lower-bound obligation. */
export interface CostEstimate {
  readonly bytes: number;
  readonly seconds: number;
}

/** Sum of r_k r_{k+1} over the network's cores (about the cost of one contraction). */
function contractionWork(spec: InstanceSpec): number {
  const { n, r, d } = spec;
  switch (spec.format) {
    case 'dense':
      return n ** d;
    case 'cp':
      return d * r;
    case 'ht':
      return 2 * d * r * r * r;
    case 'network':
      return spec.network ? spec.network.nodes.reduce((sum, _node, t) => sum + tnNodeSize(spec.network as TnStructure, t), 0) : d * r * r + n;
    default:
      return d * r * r + n;
  }
}

/** The estimate for a lower bound with the planned engine and target K. */
export function estimateLowerBound(plan: LowerBoundPlan, spec: InstanceSpec, K: number): CostEstimate {
  const rows = Number(plan.rows);
  const cols = Number(plan.cols);
  const small = Math.min(rows, cols);
  const big = Math.max(rows, cols);
  const kernel = (K ** 3 / 3) * KERNEL_SECONDS_PER_FMA + K * K * contractionWork(spec) * CONTRACTION_SECONDS_PER_FMA;
  switch (plan.engine) {
    case 'modp':
    case 'exact':
    case 'float':
      return {
        bytes: rows * cols * DENSE_BYTES_PER_ENTRY,
        seconds: rows * cols * MATRICIZE_SECONDS_PER_ENTRY + ((small * small * big) / 3) * ENGINE_SECONDS_PER_FMA * (plan.engine === 'exact' ? 1000 : plan.engine === 'float' ? 4 : 1) + (plan.engine === 'float' ? 0 : kernel),
      };
    case 'sketch':
      return { bytes: 2 * K * K * 8, seconds: kernel };
    case 'transfer': {
      // d/2 blocks of side at most r min(n, r^2), each built and eliminated by the engine and the kernel.
      const side = spec.r * Math.min(spec.n, spec.r * spec.r);
      const work = (spec.d / 2) * side * side * (spec.r + side);
      return { bytes: side * side * 16 + (spec.d * spec.n * spec.r * spec.r + spec.n) * 16, seconds: 2 * work * KERNEL_SECONDS_PER_FMA };
    }
  }
}

/** Raised when an estimate exceeds a limit the user set (or the default one). */
export class LimitError extends Error {
  readonly code = 'BUDGET_EXCEEDED';
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

/** Default memory limit: 8 GiB of this machine's 24 GiB. */
export const DEFAULT_MAX_MEMORY_BYTES = 8 * 1024 ** 3;

/** Throws a {@link LimitError} when an estimate passes the limits. */
export function checkLimits(what: string, est: CostEstimate, totalSeconds: number, limits: { maxMemoryBytes?: number | undefined; timeoutSeconds?: number | undefined }): void {
  const maxMem = limits.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  if (est.bytes > maxMem) {
    throw new LimitError(`${what} needs about ${formatBytes(BigInt(Math.round(est.bytes)))} (estimate), above --max-memory ${formatBytes(BigInt(Math.round(maxMem)))}; use --engine sketch or smaller n, r, d`);
  }
  if (limits.timeoutSeconds !== undefined && totalSeconds > limits.timeoutSeconds) {
    throw new LimitError(`the run needs about ${totalSeconds.toFixed(1)} s (estimate), above --timeout ${limits.timeoutSeconds} s; raise --timeout or lower n, r, d`);
  }
}

/** Parses "512MiB", "2GB", "1.5G", "1000000" into bytes. */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  const pow = unit.startsWith('k') ? 1 : unit.startsWith('m') ? 2 : unit.startsWith('g') ? 3 : unit.startsWith('t') ? 4 : 0;
  const base = unit.length === 3 || unit.length === 1 ? 1024 : 1000;
  const bytes = v * base ** pow;
  return Number.isFinite(bytes) ? bytes : undefined;
}
