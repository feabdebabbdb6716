/**
 * A study list of any size for benchmarks and scale tests (issue 10: 30,000 words): words made of
 * common characters, pinyin with tone marks, English senses, one or two sentences each (written here,
 * from templates), a note now and then. About 300 bytes of JSON per item, like a real saved word.
 */
import type { StudyItem } from '../../utils/study/types';

const CHARS = '政府经济社会发展改革建设工作国家人民群众企业服务管理农村城市教育文化安全生态环境科技创新治理基层组织党员干部法律制度';
const SYLLABLES = [
  'zhèng',
  'fǔ',
  'jīng',
  'jì',
  'shè',
  'huì',
  'fā',
  'zhǎn',
  'gǎi',
  'gé',
  'jiàn',
  'shè',
  'gōng',
  'zuò',
  'guó',
  'jiā',
  'rén',
  'mín',
  'qún',
  'zhòng',
  'qǐ',
  'yè',
  'fú',
  'wù',
  'guǎn',
  'lǐ',
  'nóng',
  'cūn',
  'chéng',
  'shì',
  'jiào',
  'yù',
  'wén',
  'huà',
  'ān',
  'quán',
  'shēng',
  'tài',
  'huán',
  'jìng',
  'kē',
  'jì',
  'chuàng',
  'xīn',
  'zhì',
  'lǐ',
  'jī',
  'céng',
  'zǔ',
  'zhī',
  'dǎng',
  'yuán',
  'gàn',
  'bù',
  'fǎ',
  'lǜ',
  'zhì',
  'dù',
];
const SENSES = [
  'government',
  'economy',
  'society',
  'development',
  'reform',
  'construction',
  'work',
  'country',
  'the people',
  'the masses',
  'enterprise',
  'service',
  'management',
  'countryside',
  'city',
  'education',
  'culture',
  'security',
  'ecology',
  'environment',
  'technology',
  'innovation',
  'governance',
  'grassroots',
  'organisation',
  'party member',
  'cadre',
  'law',
  'system',
];
const CATEGORIES = ['party', 'state', 'economy', 'social', 'law'] as const;

/** n items, newest last, deterministic (the same n gives the same list). */
export function syntheticStudyItems(n: number, start = Date.UTC(2024, 0, 1)): StudyItem[] {
  const out: StudyItem[] = [];
  for (let i = 0; i < n; i++) {
    const len = 2 + (i % 3);
    let word = '';
    const syl: string[] = [];
    let k = i;
    for (let j = 0; j < len; j++) {
      const c = k % CHARS.length;
      word += CHARS[c];
      syl.push(SYLLABLES[c % SYLLABLES.length]!);
      k = Math.floor(k / CHARS.length) + j * 7 + 3;
    }
    word += String.fromCharCode(0x4e00 + (i % 20000)); // keeps every word distinct
    syl.push('zì');
    const savedAt = start + i * 60_000;
    const sense = SENSES[i % SENSES.length]!;
    out.push({
      simplified: word,
      traditional: word,
      pinyin: syl.join(' '),
      definitions: [`${sense} (${i})`, `${SENSES[(i * 7) % SENSES.length]} in general`],
      civic: i % 10 === 0 ? { category: CATEGORIES[i % CATEGORIES.length]!, explanation: `A civic term about ${sense}.` } : null,
      contexts: [
        {
          sentence: `会议强调，要把${word}作为今年工作的重点，确保各项任务落到实处。`,
          title: `第${i % 500}期简报`,
          url: `https://news.example.cn/a/${i}.html`,
          savedAt,
        },
        ...(i % 4 === 0
          ? [{ sentence: `报道说${word}取得了新进展。`, title: '地方新闻', url: `https://local.example.cn/${i}`, savedAt: savedAt + 1000 }]
          : []),
      ],
      notes: i % 9 === 0 ? `remember ${sense} ${i}` : '',
      savedAt,
    });
  }
  return out;
}
