/** Shared readers for the app package tests: repository paths, env files, typed YAML access. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlSubset, type YamlValue } from './mini-yaml';

export const ROOT = join(__dirname, '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

export function readText(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

export function readYaml(...parts: string[]): YamlValue {
  return parseYamlSubset(readText(...parts));
}

/** `KEY=value` lines of a Toolkit env file (comments and blank lines skipped; quotes removed). */
export function parseEnvFile(source: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    assert.ok(match, `not a KEY=value line: ${line}`);
    env.set(match[1]!, match[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return env;
}

export function readEnv(name: string): Map<string, string> {
  return parseEnvFile(readText('env', `.env.${name}`));
}

/** `${{NAME}}`: an Agents Toolkit placeholder, as manifests and project files write it. */
export function placeholder(name: string): string {
  return `\${{${name}}}`;
}

/** The names of all `${{NAME}}` placeholders in a text. */
export function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!));
}

export function resolvePlaceholders(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => values.get(name) ?? whole);
}

export type YamlRecord = { [key: string]: YamlValue };

export function record(value: YamlValue | undefined, what: string): YamlRecord {
  assert.ok(
    value !== null && typeof value === 'object' && !Array.isArray(value),
    `${what} must be a mapping`,
  );
  return value;
}

export function list(value: YamlValue | undefined, what: string): YamlValue[] {
  assert.ok(Array.isArray(value), `${what} must be a sequence`);
  return value;
}

export function text(value: YamlValue | undefined, what: string): string {
  assert.equal(typeof value, 'string', `${what} must be a string`);
  return value as string;
}
