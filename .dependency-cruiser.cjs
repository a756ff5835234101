/**
 * The house's arrows (DESIGN.md, "Modules"), checked by `npm test`: each room of src/ imports only the
 * rooms listed for it, the domain core does no I/O, production code never imports the local
 * stand-ins or the tests, and there is no import cycle anywhere (type-only imports included).
 * test/unit/architecture.test.ts plants violations to show each rule fails the build.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** Top-level modules every room but the core may use: the settings and the logger. */
const SHARED = '^src/(config|logger)[.]ts$';

/** room → the rooms of src/ it may import (besides itself and SHARED). */
const ROOMS = {
  rollout: [],
  store: ['rollout'],
  graph: ['rollout'],
  teams: ['rollout'],
  cards: ['rollout'],
  csv: ['rollout'],
  app: ['rollout', 'store', 'graph', 'teams', 'cards', 'csv'],
  bot: ['rollout', 'cards', 'app'],
  queue: ['rollout', 'app'],
  server: ['bot', 'store'],
};

const roomRules = Object.entries(ROOMS).map(([room, allowed]) => ({
  name: `${room}-imports-only-${allowed.length ? allowed.join('-') : 'itself'}`,
  comment: `src/${room}/ may import ${allowed.length ? allowed.map((r) => `src/${r}/`).join(', ') : 'nothing else of src/'} (DESIGN.md, Modules)`,
  severity: 'error',
  from: { path: `^src/${room}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/${room}/`, ...allowed.map((r) => `^src/${r}/`), ...(room === 'rollout' ? [] : [SHARED])],
  },
}));

module.exports = {
  forbidden: [
    ...roomRules,
    {
      name: 'rollout-does-no-io',
      comment: 'The domain core is pure: no network, files, processes, or SDKs that do them',
      severity: 'error',
      from: { path: '^src/rollout/' },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: ['^(node:)?crypto$', '^node_modules/(libphonenumber-js|zod)/'],
      },
    },
    {
      name: 'config-and-logger-stand-alone',
      comment: 'Every room may import the settings and the logger, so they import only the core',
      severity: 'error',
      from: { path: SHARED },
      to: { path: '^src/', pathNot: ['^src/rollout/', SHARED] },
    },
    {
      name: 'no-dev-or-tests-in-production',
      comment: 'Production code never imports the local stand-ins (src/dev/), the tests, benchmarks or scripts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/dev/' },
      to: { path: '^(src/dev|test|bench|scripts)/' },
    },
    {
      name: 'simulators-borrow-only-edge-types',
      comment:
        'The Graph and connector simulators speak the wire protocol: from src/ they borrow only what the edges and the core define',
      severity: 'error',
      from: { path: '^src/dev/(graph-sim|connector-sim|sim-kit)/' },
      to: {
        path: '^src/',
        pathNot: ['^src/dev/', '^src/(graph|teams|rollout)/', SHARED, '^src/shutdown[.]ts$'],
      },
    },
    {
      name: 'no-circular',
      comment: 'No import cycle, type-only imports included',
      severity: 'error',
      from: { path: '^(src|test|bench|scripts)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
