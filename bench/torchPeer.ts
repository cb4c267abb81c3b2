/**
 * The PyTorch training peer (bench/peers/train_torch.py) as a long-lived child process that trains
 * one epoch per request, so a benchmark can alternate our epochs and PyTorch's one by one: on a
 * shared machine both sides then see the same load, which timing all of ours and then all of
 * PyTorch's does not give.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseTorchEpoch, parseTorchHeader, type TorchHeader } from './peerTable.js';
import { ONE_THREAD_ENV } from './util.js';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'peers', 'train_torch.py');

/** What the peer trains: the model of bench/train.ts on the first `count` samples. */
export interface TorchPeerOptions {
  readonly python: string;
  readonly kind: string;
  readonly count: number;
  readonly warmup: number;
  readonly batch: number;
  /** Folder of the MNIST IDX files; random pixels without it. */
  readonly mnist?: string;
}

/** A running peer: its model's header, one epoch's steps/s per call, and `close`. */
export interface TorchPeer {
  readonly header: TorchHeader;
  epoch(): Promise<number>;
  close(): void;
}

/** Starts the peer and waits for its header (model built, warm-up done); throws with its last error line when it fails. */
export async function startTorchPeer(o: TorchPeerOptions): Promise<TorchPeer> {
  const args = [script, '--kind', o.kind, '--count', String(o.count), '--warmup', String(o.warmup), '--batch', String(o.batch), ...(o.mnist !== undefined ? ['--mnist', o.mnist] : [])];
  const child: ChildProcessWithoutNullStreams = spawn(o.python, args, { env: ONE_THREAD_ENV });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const failed = new Promise<never>((_, reject) => {
    child.on('error', (e) => reject(new Error(`${o.python} could not run: ${e.message}`)));
    child.on('close', (code) => reject(new Error(`train_torch.py exited (${code}): ${stderr.trim().split('\n').pop() ?? ''}`)));
  });
  failed.catch(() => undefined);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const r = await Promise.race([lines.next(), failed]);
    if (r.done === true) return failed;
    return r.value;
  };
  try {
    const header = parseTorchHeader(await nextLine());
    return {
      header,
      epoch: async () => {
        child.stdin.write('epoch\n');
        return parseTorchEpoch(await nextLine()).stepsPerSecond;
      },
      close: () => {
        child.stdin.end('quit\n');
      },
    };
  } catch (e) {
    child.kill();
    throw e;
  }
}
