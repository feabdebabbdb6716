/**
 * What the built extension (.output/chrome-mv3, made by `npm run build`) puts where. ts-fsrs adds
 * methods to Date.prototype when it loads; a content script shares nothing with the page's scripts but
 * its code must still not carry that library (issue 12), nor should the background: only the review page.
 *   node --import tsx --test tests/e2e/bundles.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { EXTENSION_DIR } from './harness';

/** ts-fsrs's own patch of Date (property names survive minification). */
const TS_FSRS = /Date\.prototype\.(scheduler|dueFormat)\s*=/;

function scripts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? scripts(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : [],
  );
}

describe('built bundles', () => {
  const all = scripts(EXTENSION_DIR);

  it('the extension is built', () => {
    assert.ok(all.length > 0, `no scripts in ${EXTENSION_DIR}: run npm run build first`);
  });

  it('ts-fsrs is in the review page only: not in any content script, nor the background', () => {
    const holding = all.filter((f) => TS_FSRS.test(readFileSync(f, 'utf8'))).map((f) => relative(EXTENSION_DIR, f));
    // The marker must be findable at all (else this test would pass on anything).
    assert.ok(holding.length > 0, 'ts-fsrs not found in any bundle: has the marker changed?');
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      content_scripts?: Array<{ js?: string[] }>;
      background?: { service_worker?: string; scripts?: string[] };
    };
    const content = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
    assert.ok(content.length > 0, 'the manifest lists no content script');
    const background = [manifest.background?.service_worker, ...(manifest.background?.scripts ?? [])].filter(Boolean) as string[];
    for (const f of [...content, ...background]) {
      assert.ok(!TS_FSRS.test(readFileSync(join(EXTENSION_DIR, f), 'utf8')), `${f} contains ts-fsrs`);
    }
    // and whichever chunk holds it is loaded by review.html alone
    const pages = readdirSync(EXTENSION_DIR).filter((n) => n.endsWith('.html'));
    for (const chunk of holding) {
      const name = chunk.split('/').pop()!;
      const users = pages.filter((p) => readFileSync(join(EXTENSION_DIR, p), 'utf8').includes(name));
      assert.deepEqual(users, ['review.html'], `${chunk} is loaded by ${users.join(', ') || 'no page'}`);
    }
  });
});
