/**
 * `npm test`: lint, type-check, the dependency rules, then every test file on node's test runner against a private
 * redis-server (unless REDIS_URL is set). `npm test -- unit` runs one layer; extra paths run those files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from '../src/dev/redis-launcher';

const layers = ['unit', 'integration', 'e2e'];

function testFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const chosenLayers = argv.filter((a) => layers.includes(a));
  const explicitFiles = argv.filter((a) => a.endsWith('.ts'));
  const files = explicitFiles.length
    ? explicitFiles
    : (chosenLayers.length ? chosenLayers : layers).flatMap((layer) => testFiles(join('test', layer)));

  if (!explicitFiles.length && !chosenLayers.length) {
    if (run('npx', ['biome', 'check', '.']) !== 0) return 1;
    if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) return 1;
    // The house's arrows (.dependency-cruiser.cjs): rooms, a pure core, no cycles.
    const arrows = [
      'src',
      'bench',
      'scripts',
      'test',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ];
    if (run('npx', ['depcruise', ...arrows]) !== 0) return 1;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  };
  let stopRedis: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!env.REDIS_URL) {
    dataDir = mkdtempSync(join(tmpdir(), 'mfa-test-redis-'));
    const redis = await launchRedis({ dataDir, persistent: false });
    env.REDIS_URL = redis.url;
    stopRedis = redis.stop;
  }
  try {
    return run(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
      env,
    );
  } finally {
    await stopRedis?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
