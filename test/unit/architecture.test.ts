import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

/**
 * The dependency rules (.dependency-cruiser.cjs) fail the build on a violation: each case plants one
 * in a copy of src/ and runs the same depcruise command `npm test` runs.
 */
const root = join(__dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function depcruiseIn(cwd: string, outputType: 'json' | 'err') {
  return spawnSync(
    depcruise,
    ['src', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', outputType],
    {
      cwd,
      encoding: 'utf8',
    },
  );
}

function violationsIn(cwd: string): Violation[] {
  const output = JSON.parse(depcruiseIn(cwd, 'json').stdout) as { summary: { violations: Violation[] } };
  return output.summary.violations;
}

describe('the dependency rules', () => {
  let copy: string;

  before(() => {
    copy = mkdtempSync(join(tmpdir(), 'mfa-arrows-'));
    cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
    cpSync(join(root, 'tsconfig.json'), join(copy, 'tsconfig.json'));
    // Type information for the compiler options tsconfig names (depcruise resolves through TypeScript).
    cpSync(join(root, 'package.json'), join(copy, 'package.json'));
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  function plant(path: string, source: string): () => void {
    const file = join(copy, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, source);
    return () => rmSync(file);
  }

  function violationsWith(path: string, source: string): Violation[] {
    const remove = plant(path, source);
    try {
      return violationsIn(copy);
    } finally {
      remove();
    }
  }

  it('finds nothing wrong in the tree as it is, and the check npm test runs passes', () => {
    assert.deepEqual(
      violationsIn(copy).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`),
      [],
    );
    assert.equal(depcruiseIn(copy, 'err').status, 0);
  });

  it('makes the check npm test runs fail on a violation', () => {
    const remove = plant(
      'src/rollout/planted.ts',
      "import { rolloutKeys } from '../store/keys';\nexport const planted = rolloutKeys;\n",
    );
    try {
      const result = depcruiseIn(copy, 'err');
      assert.notEqual(result.status, 0);
      assert.match(
        result.stdout,
        /rollout-imports-only-itself: src\/rollout\/planted\.ts → src\/store\/keys\.ts/,
      );
    } finally {
      remove();
    }
  });

  const cases: Array<{ rule: string; path: string; source: string }> = [
    {
      rule: 'rollout-imports-only-itself',
      path: 'src/rollout/planted.ts',
      source: "import { rolloutKeys } from '../store/keys';\nexport const planted = rolloutKeys;\n",
    },
    {
      rule: 'rollout-does-no-io',
      path: 'src/rollout/planted.ts',
      source: "import { readFileSync } from 'node:fs';\nexport const planted = readFileSync;\n",
    },
    {
      rule: 'teams-imports-only-rollout',
      path: 'src/teams/planted.ts',
      source: "import { runEffects } from '../app/run-effects';\nexport const planted = runEffects;\n",
    },
    {
      rule: 'store-imports-only-rollout',
      path: 'src/store/planted.ts',
      source:
        "import { startOutreachWorker } from '../queue/outreach-worker';\nexport const planted = startOutreachWorker;\n",
    },
    {
      rule: 'app-imports-only-rollout-store-graph-teams-cards-csv',
      path: 'src/app/planted.ts',
      source:
        "import { startReadyWorker } from '../queue/ready-worker';\nexport const planted = startReadyWorker;\n",
    },
    {
      rule: 'bot-imports-only-rollout-cards-app',
      path: 'src/bot/planted.ts',
      source:
        "import { setMobilePhone } from '../graph/phone-methods';\nexport const planted = setMobilePhone;\n",
    },
    {
      rule: 'no-dev-or-tests-in-production',
      path: 'src/planted.ts',
      source:
        "import { startGraphSimulator } from './dev/graph-sim';\nexport const planted = startGraphSimulator;\n",
    },
    {
      rule: 'no-circular',
      path: 'src/rollout/planted-a.ts',
      source: "import { b } from './planted-b';\nexport const a = () => b;\n",
    },
  ];

  for (const { rule, path, source } of cases) {
    it(`fails on ${rule}`, () => {
      const removeB =
        rule === 'no-circular'
          ? plant(
              'src/rollout/planted-b.ts',
              "import type { a } from './planted-a';\nexport const b: typeof a | undefined = undefined;\n",
            )
          : () => undefined;
      try {
        const found = violationsWith(path, source).map((v) => v.rule.name);
        assert.ok(found.includes(rule), `expected ${rule}, got ${JSON.stringify(found)}`);
      } finally {
        removeB();
      }
    });
  }
});
