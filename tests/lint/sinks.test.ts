/**
 * The lint refuses every way of building HTML from a string (biome.json: security rules and the plugin
 * tools/lint/no-html-sinks.grit): the fixture marks each line it must refuse, and the ones it must let be.
 * Runs the repository's own Biome configuration on a copy of the fixture.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/lint/html-sinks.tsx');
const dir = mkdtempSync(join(tmpdir(), 'dubao-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Diagnostic {
  category?: string;
  location?: { start?: { line: number } };
}

function lint(): Diagnostic[] {
  const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  config.plugins = (config.plugins as string[]).map((p) => resolve(ROOT, p));
  config.files = { includes: ['**'] };
  config.vcs = { enabled: false };
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  copyFileSync(FIXTURE, join(dir, 'probe.tsx'));
  let out: string;
  try {
    out = execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exits 1 when it finds something
  }
  return (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics;
}

describe('the lint and HTML built from strings', () => {
  it('refuses every sink line of the fixture and nothing else', () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const want = lines.flatMap((l, i) => (l.endsWith('// sink') ? [i + 1] : []));
    const fine = lines.flatMap((l, i) => (l.endsWith('// fine') ? [i + 1] : []));
    expect(want.length).toBeGreaterThan(8);
    const refused = lint()
      .filter((d) => d.category === 'plugin' || d.category?.startsWith('lint/security/'))
      .map((d) => d.location?.start?.line);
    expect([...new Set(refused)].sort((a, b) => a! - b!)).toEqual(want);
    for (const l of fine) expect(refused).not.toContain(l);
  });
});
