/**
 * How many of the recent civic terms (tests/civic/recent-terms.txt, 2024-2026, PRC, HK, Macao, Taiwan)
 * have a civic entry and are kept whole by the segmenter (issue 9's goal: 95 %):
 *
 *   npx tsx tests/civic/recent-terms-report.ts [--all]     (--all lists every term, else only the misses)
 */
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import { checkRecentTerms, readRecentTerms, REGIONS } from './recent-terms';

await ensureAssets(GENERATED_DIR);
const core = await loadNodeCore();
const results = checkRecentTerms(core, readRecentTerms());
const all = process.argv.includes('--all');
const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
for (const r of results) {
  const ok = r.civic !== null && r.whole;
  if (ok && !all) continue;
  const civic = r.civic ?? 'no civic entry';
  const whole = r.whole ? 'whole' : `split: ${r.split.join(' ')}`;
  console.log(`${ok ? '  ' : '✗ '}${r.term}\t${r.region} ${r.year}\t${civic}\t${whole}`);
}
console.log('');
for (const region of [...REGIONS, null]) {
  const rs = results.filter((r) => region === null || r.region === region);
  if (rs.length === 0) continue;
  const civic = rs.filter((r) => r.civic !== null).length;
  const whole = rs.filter((r) => r.whole).length;
  const both = rs.filter((r) => r.civic !== null && r.whole).length;
  console.log(
    `${(region ?? 'all').padEnd(4)} ${String(rs.length).padStart(4)} terms: civic entry ${pct(civic, rs.length)}, ` +
      `kept whole ${pct(whole, rs.length)}, both ${pct(both, rs.length)} (${both})`,
  );
}
