/**
 * Glosses and explanations of the term families that segment/families.ts recognises, built from their
 * parts: the congress's number and year, the plan's years, the field of a 强国 goal. Written here, in our
 * own words; dated facts carry their year. Words (dictionary/words.ts) calls this for a word no dictionary
 * has when the family matcher says the whole word is a member.
 */
import type { CivicCategory, CivicInfo } from '../types';
import { Family } from '../segment/families';
import { PLAN_SUFFIXES, POWER_FIELDS } from '../segment/family-words';
import { ordinal } from './numbers';

export interface FamilyGloss {
  definitions: string[];
  civic: CivicInfo;
}

/** Year of each CPC National Congress, 1st to 20th. */
const CONGRESS_YEARS = [
  1921, 1922, 1923, 1925, 1927, 1928, 1945, 1956, 1969, 1973, 1977, 1982, 1987, 1992, 1997, 2002, 2007, 2012, 2017, 2022,
];
/** First year of each National People's Congress, 1st to 14th (a term is five years since the 5th). */
const NPC_YEARS = [1954, 1959, 1964, 1975, 1978, 1983, 1988, 1993, 1998, 2003, 2008, 2013, 2018, 2023];
/** First year of each CPPCC National Committee, 1st to 14th. */
const CPPCC_YEARS = [1949, 1954, 1959, 1964, 1978, 1983, 1988, 1993, 1998, 2003, 2008, 2013, 2018, 2023];

function civic(category: CivicCategory, explanation: string, year: number | null = null, related: string[] = []): CivicInfo {
  return { category, explanation, components: [], related, year };
}

function congressYear(n: number): string {
  const y = CONGRESS_YEARS[n - 1];
  return y ? ` (${y})` : n === 21 ? ' (due in 2027)' : '';
}

/** Years of the nth five-year plan: 1st 1953-1957, 2nd 1958-1962, 3rd from 1966 on (after three annual plans). */
function planYears(n: number): [number, number] {
  if (n === 1) return [1953, 1957];
  if (n === 2) return [1958, 1962];
  const start = 1966 + 5 * (n - 3);
  return [start, start + 4];
}

/** The session's year for NPC/CPPCC terms from the 6th on, when they met once a year. */
function sessionYear(starts: readonly number[], term: number, session: number): number | null {
  const start = starts[term - 1];
  if (!start || term < 6 || session < 1 || session > 5) return null;
  return start + session - 1;
}

/**
 * `field`: for 强国 and 习近平X思想, the X (normalised) and its English (the caller's gloss of X);
 * `department`: for titles, the department's English (or its Chinese name when it has none).
 */
export function familyGloss(
  kind: Family,
  n: number,
  m: number,
  context: { word: string; field?: string; fieldEnglish?: string; department?: string; traditional?: boolean },
): FamilyGloss | null {
  switch (kind) {
    case Family.Congress: {
      if (n < 1 || n > 30) return null;
      return {
        definitions: [`the ${ordinal(n)} National Congress of the Communist Party of China${congressYear(n)}`],
        civic: civic(
          'party',
          `The Party's ${ordinal(n)} National Congress${congressYear(n)}, named by its number (short for ` +
            `中国共产党第${toHan(n)}次全国代表大会). Since 1977 a congress has met every five years; it elects the Central Committee.`,
          CONGRESS_YEARS[n - 1] ?? null,
          ['党代会'],
        ),
      };
    }
    case Family.Plenum: {
      if (m < 1 || m > 9) return null;
      const term = n > 0 ? ` of the ${ordinal(n)} Central Committee` : ' of a Central Committee';
      const elected = n > 0 ? `, the committee elected at the ${ordinal(n)} Party Congress${congressYear(n)}` : '';
      return {
        definitions: [`the ${ordinal(m)} plenary session${term} of the CPC`, `${ordinal(m)} plenum`],
        civic: civic(
          'party',
          `The ${ordinal(m)} full (plenary) meeting of the Party's Central Committee${elected}. A committee holds ` +
            `about seven plenums in its five-year term; some set major policy, such as the 3rd plenum of the 11th in 1978.`,
          null,
          ['全会', '中央委员会'],
        ),
      };
    }
    case Family.DisciplinePlenum: {
      return {
        definitions: [`the ${ordinal(m)} plenary session of the ${ordinal(n)} Central Commission for Discipline Inspection`],
        civic: civic(
          'party',
          `A full meeting of the Party's Central Commission for Discipline Inspection elected at the ${ordinal(n)} ` +
            `Party Congress${congressYear(n)}; it usually meets early each year to set the year's anti-corruption work.`,
          null,
          ['中央纪委'],
        ),
      };
    }
    case Family.Npc:
    case Family.Cppcc: {
      const npc = kind === Family.Npc;
      const standing = m >= 100;
      const session = m % 100;
      const body = npc ? "National People's Congress" : "National Committee of the Chinese People's Political Consultative Conference";
      const starts = npc ? NPC_YEARS : CPPCC_YEARS;
      const whole = `${standing ? 'the Standing Committee of ' : ''}the ${ordinal(n)} ${body}`;
      const year = session > 0 && !standing ? sessionYear(starts, n, session) : null;
      const first = starts[n - 1];
      const definitions = session > 0 ? [`the ${ordinal(session)} session of ${whole}${year ? ` (${year})` : ''}`] : [whole];
      const explanation = npc
        ? `The ${ordinal(n)} NPC${first ? `, elected for five years from ${first}` : ''}. ` +
          (standing
            ? 'Its Standing Committee meets about every two months and passes most laws between the full sessions.'
            : 'The full congress meets once a year, in March, with the CPPCC (the "two sessions").')
        : `The ${ordinal(n)} CPPCC National Committee${first ? `, serving from ${first}` : ''}, the Party-led advisory body that meets each March beside the NPC.`;
      return { definitions, civic: civic('state', explanation, null, npc ? ['全国人大', '两会'] : ['全国政协', '两会']) };
    }
    case Family.FiveYearPlan: {
      const [from, to] = planYears(n);
      const suffix = m > 0 ? PLAN_SUFFIXES[m - 1] : null;
      const base = `the ${ordinal(n)} Five-Year Plan (${from}–${to})`;
      const definitions = suffix === '期间' || suffix === '时期' ? [`the period of ${base}`, `${from}–${to}`] : [base];
      return {
        definitions,
        civic: civic(
          'economy',
          `The ${ordinal(n)} of China's five-year plans for the economy and society, covering ${from} to ${to}; ` +
            `news names a plan by its number and 五 (十四五 is the 14th). Since the 11th (2006) the plan is called 规划 rather than 计划.`,
          null,
          ['五年规划'],
        ),
      };
    }
    case Family.Power: {
      const english = context.fieldEnglish ?? POWER_FIELDS[context.field ?? ''] ?? context.field ?? '';
      return {
        definitions: [`a leading country in ${english}`, `${english} powerhouse`],
        civic: civic(
          'formulations',
          `One of the "strong country" (强国) goals of PRC policy: becoming a leading country in ${english}. ` +
            'Since the 19th Party Congress (2017) such goals are set field by field, most with 2035 as their date.',
          null,
          ['强国建设'],
        ),
      };
    }
    case Family.XiThought: {
      const english = context.fieldEnglish ?? context.field ?? '';
      return {
        definitions: [`Xi Jinping Thought on ${english}`],
        civic: civic(
          'formulations',
          `Xi Jinping's ideas on ${english}, as the Party names them: one of the fields of Xi Jinping Thought on ` +
            'Socialism with Chinese Characteristics for a New Era, each studied in campaigns and cited in policy of that field.',
          null,
          ['习近平新时代中国特色社会主义思想'],
        ),
      };
    }
    case Family.Law: {
      const english = context.fieldEnglish ?? 'a law';
      const prc = n === 0;
      return {
        definitions: [english],
        civic: civic(
          'law',
          prc
            ? `The full name of a national law of the People's Republic of China: 中华人民共和国 followed by the law's short name. News and documents usually cite the short name.`
            : 'A law cited by its short name (X法), as news and documents do; its full name starts with 中华人民共和国 for a national law of the PRC.',
        ),
      };
    }
    case Family.Title: {
      const unit = String.fromCharCode(n);
      const deputy = m === 1;
      const hk = unit === '署' || unit === '处' || context.traditional === true;
      const heads: Record<string, string> = {
        署: 'Director',
        处: 'Director',
        局: hk ? 'Secretary' : 'Director',
        司: hk ? 'Secretary' : 'Director-General',
      };
      const title = `${deputy ? 'Deputy ' : ''}${heads[unit] ?? 'head'}`;
      const dept = context.department ?? '';
      const notes: Record<string, string> = {
        署: 'a 署 is a department of the Hong Kong government (房屋署, the Housing Department)',
        处: 'a 处 is a department of the Hong Kong government (警务处, the Police Force) or a division of a mainland body',
        局: "a 局 is one of Hong Kong's policy bureaux, headed by a Secretary, or a bureau of a mainland government, headed by a director",
        司: "a 司 is a department of a mainland ministry, or one of the offices of Hong Kong's three top secretaries",
      };
      return {
        definitions: [`${title} of ${dept}`, `${deputy ? 'deputy head' : 'head'} of ${dept}`],
        civic: civic(
          hk ? 'hktw' : 'personnel',
          `The title of the ${deputy ? 'deputy ' : ''}head of ${dept}: ${notes[unit] ?? ''}, and ${unit}长 is the title of its head. ` +
            'The official English title may differ (Commissioner of Police, Chief Secretary for Administration).',
        ),
      };
    }
    default:
      return null;
  }
}

const HAN_DIGITS = '零一二三四五六七八九';
/** 1-99 in Chinese numerals (for explanations): 17 -> 十七, 20 -> 二十. */
export function toHan(n: number): string {
  if (n < 10) return HAN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : HAN_DIGITS[tens]}十${ones ? HAN_DIGITS[ones] : ''}`;
}
