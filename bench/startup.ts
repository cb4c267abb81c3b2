/**
 * Start-up: a fresh process running `check-theorem --version`, `verify` of a small certificate and
 * `list`, against a bare `node -e "import('yargs')"` in the same run (the floor any yargs CLI
 * pays). Medians of several runs each; the target is within 2x of the bare baseline.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtRatio, fmtSeconds, printTable } from './util.js';
import { flintPeer } from './rank.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

function seconds(args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 200)}`);
  }
  return median(times);
}

/** Prints the start-up table. */
export function benchStartup(options: { quick?: boolean } = {}): void {
  const runs = options.quick ? 3 : 9;
  console.log(`\n## Start-up of a fresh process (median of ${runs} runs)\n`);
  const bare = seconds(['-e', "import('yargs').then(() => {})"], runs);
  const cases: [string, string[]][] = [
    ['check-theorem --version', [cli, '--version']],
    ['check-theorem verify (3 x 3 minor certificate)', [cli, 'verify', join(root, 'test', 'golden', 'explicit-minor.json')]],
    ['check-theorem list', [cli, 'list']],
    ['check-theorem prove theorem1 -n 2 -r 2 -d 4', [cli, 'prove', 'theorem1', '-n', '2', '-r', '2', '-d', '4', '--quiet']],
  ];
  const rows = [['node -e "import(\'yargs\')" (baseline)', fmtSeconds(bare), '1.00x']];
  for (const [what, args] of cases) {
    const s = seconds(args, runs);
    rows.push([what, fmtSeconds(s), fmtRatio(s / bare)]);
  }
  printTable(['process', 'time', 'ratio to baseline'], rows);

  console.log('\n## The first rank mod p of a fresh process (median of runs), against FLINT nmod_mat_rank in a fresh process\n');
  const fresh: string[][] = [];
  const firstCall = (n: number, env: NodeJS.ProcessEnv): number =>
    Number(spawnSync(process.execPath, [join(root, 'dist', 'bench', 'freshRank.js'), String(n)], { encoding: 'utf8', env }).stdout.trim());
  for (const n of [128, 256, 512]) {
    // Interleaved: ours (default threads), ours serial, FLINT, so load from other processes falls on all alike.
    const ours: number[] = [];
    const serial: number[] = [];
    const flint: number[] = [];
    const bin = flintPeer('flint_rank');
    for (let r = 0; r < runs; r++) {
      ours.push(firstCall(n, process.env));
      serial.push(firstCall(n, { ...process.env, CHECK_THEOREM_THREADS: '1' }));
      if (bin !== null) flint.push(Number(spawnSync(bin, [String(n), '8388593'], { encoding: 'utf8' }).stdout.trim().split(' ')[1]) * 1000);
    }
    const f = flint.length > 0 ? median(flint) : undefined;
    fresh.push([
      String(n),
      `${median(ours).toFixed(1)} ms`,
      `${median(serial).toFixed(1)} ms`,
      f === undefined ? 'n/a (gcc or libflint-dev missing)' : `${f.toFixed(2)} ms`,
      f === undefined ? '-' : fmtRatio(median(ours) / f),
      f === undefined ? '-' : fmtRatio(median(serial) / f),
    ]);
  }
  printTable(['n', 'ours, first call', 'ours serial (CHECK_THEOREM_THREADS=1)', 'FLINT', 'ratio', 'serial ratio'], fresh);
}
