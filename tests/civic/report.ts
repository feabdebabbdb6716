/**
 * Prints every problem the civic checks find, grouped by file, and the number of entries per category:
 * `npx tsx tests/civic/report.ts` (exit code 1 when there are problems).
 */
import { readCivicSources } from '../../dictionary/build/load-civic';
import { CIVIC_CATEGORY_IDS } from '../../dictionary/civic/categories';
import { checkLexicon, formatProblem, loadExceptions, unusedExceptions } from './checks';

const src = readCivicSources();
const ex = loadExceptions();
const problems = [...checkLexicon(src, ex), ...unusedExceptions(ex)];
problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
for (const p of problems) console.log(formatProblem(p));
const counts = CIVIC_CATEGORY_IDS.map((id) => `${id} ${src.records.filter((r) => r.category === id).length}`);
console.log(`\nentries: ${src.records.length} (${counts.join(', ')}); tags: ${src.tags.length}; problems: ${problems.length}`);
process.exitCode = problems.length > 0 ? 1 : 0;
