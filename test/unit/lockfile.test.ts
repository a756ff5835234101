import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * `npm ci` installs exactly what package-lock.json holds and refuses a lock that lacks a package the
 * manifest needs, on any platform: other platforms' optional binaries (biome, esbuild, msgpackr)
 * must be in the lock too, or a fresh clone on another machine cannot install.
 */
interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Where node would find `name` from the package at `from` (its own node_modules, then each parent's). */
function resolveInLock(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

describe('package-lock.json', () => {
  it('is a v3 lock with the whole tree', () => {
    assert.equal(lock.lockfileVersion, 3);
    assert.ok(Object.keys(lock.packages).length > 100);
  });

  it('holds every optional dependency of every package, for every platform', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolveInLock(path, name)) missing.push(`${path || '(root)'} → ${name}`);
      }
    }
    assert.deepEqual(
      missing,
      [],
      'regenerate the lock: rm -rf node_modules package-lock.json && npm install',
    );
  });

  it('pins every direct dependency exactly, at the version the lock holds', () => {
    for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
      assert.match(range, /^\d+\.\d+\.\d+$/, `${name} is not pinned exactly: ${range}`);
      assert.equal(lock.packages[`node_modules/${name}`]?.version, range, `${name} in the lock`);
    }
  });
});
