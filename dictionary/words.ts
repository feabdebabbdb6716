/**
 * Every word the segmenter can emit, with a gloss: the dictionary's entries (CC-CEDICT and the civic
 * lexicon), else one entry made here for a word no dictionary has (issue 9, "no dead ends"):
 *
 *   rule      a member of a term family (十七大, 十一五期间, 科技强国, 房屋署署长: derive/families.ts,
 *             with a civic explanation built from its parts), or a number with its measure word, an
 *             ordinal, a date (三百余, 两年, 第十二条, 三分之二, 2022年: derive/numbers.ts);
 *   composed  any other word, from its parts: the segmenter's best split of the word, each part's reading
 *             and first gloss (做好 = 做 + 好; how a part reads and glosses: derive/parts.ts), or, for a
 *             name the segmenter found, the surname and given name.
 *
 * Made entries say so (`source`), and the card and the glossary label them. Pure: the dictionary and the
 * segmenter are passed in; core.ts makes one Words for the background and the CLI.
 */
import type { CivicCategory, DictEntry, GlossaryDetail, GlossaryHead } from './types';
import type { Dictionary } from './reader';
import type { Segmenter } from './segment';
import { marksToNumbered } from './pinyin';
import { Family, familyOf } from './segment/families';
import { POWER_FIELDS } from './segment/family-words';
import { isTransliterationText } from './segment/translit';
import { NUMERAL_PINYIN, numberGloss } from './derive/numbers';
import { familyGloss } from './derive/families';
import { ALONE, DEGREE, type Piece, PREFIXES, SUFFIXES, shortGloss } from './derive/parts';
import { hasHan } from './han';
import { Lru } from './lru';

/** Official English of the fields of 习近平X思想 (others use the field's first gloss). */
const THOUGHT_FIELDS: Record<string, string> = {
  经济: 'the Economy',
  法治: 'the Rule of Law',
  外交: 'Diplomacy',
  强军: 'Strengthening the Military',
  生态文明: 'Ecological Civilization',
  文化: 'Culture',
};

/** Derivations kept (a page asks about the same words again and again). */
const CACHE_SIZE = 4_000;

export class Words {
  private readonly cache = new Lru<string, DictEntry | null>(CACHE_SIZE);
  /** What glossaryHead found for words it made a head for (a page's words come back on the next page). */
  private readonly kinds = new Map<string, ReturnType<Words['kind']>>();
  /** Parts read before: the same characters and words are parts of many composed words. */
  private readonly pieceCache = new Map<string, Piece>();

  constructor(
    readonly dictionary: Dictionary,
    readonly segmenter: Segmenter,
  ) {}

  /** The dictionary's entries of `word`, else the one entry made for it; [] for a word without Han characters. */
  lookup(word: string): DictEntry[] {
    const found = this.dictionary.lookup(word);
    if (found.length > 0) return found;
    const variant = this.variant(word);
    if (variant) return this.dictionary.lookup(variant);
    const made = this.derive(word);
    return made ? [made] : [];
  }

  /**
   * For a traditional spelling the dictionary lacks, its simplified form when that is a headword: CC-CEDICT
   * writes 新台幣 and 撫恤金, Taiwan's laws 新臺幣 and 撫卹金 (variant characters of the same word). Only
   * characters that are never simplified are folded (the segmenter's map), so 乾 or 於 never mislead it.
   */
  private variant(word: string): string | null {
    const folded = String.fromCharCode(...this.normalise(word));
    return folded !== word && this.dictionary.has(folded) ? folded : null;
  }

  /**
   * The page-glossary head of a word: the dictionary's, else one for a word made by rule or composed
   * (entry -1; glossaryDetail makes it). Needs no senses shard, as Dictionary.glossaryHead.
   */
  glossaryHead(word: string): GlossaryHead | null {
    const head = this.dictionary.glossaryHead(word);
    if (head || !hasHan(word)) return head;
    const variant = this.variant(word);
    if (variant) return this.dictionary.glossaryHead(variant);
    let kind = this.kinds.get(word);
    if (kind === undefined) {
      kind = this.kind(word);
      if (this.kinds.size >= CACHE_SIZE * 2) this.kinds.clear();
      this.kinds.set(word, kind);
    }
    if (!kind) return null;
    const { source, simplified, category } = kind;
    return { key: simplified, entry: -1, shard: 0, simplified, civicEntry: -1, category, source, word };
  }

  /** The rest of a glossary row (see Dictionary.glossaryDetail); may throw SensesNotLoaded. */
  glossaryDetail(head: GlossaryHead): GlossaryDetail {
    if (head.source !== 'rule' && head.source !== 'composed') return this.dictionary.glossaryDetail(head);
    const e = this.derive(head.word!)!;
    return { traditional: e.traditional, pinyin: e.pinyin, definitions: e.definitions, civic: e.civic };
  }

  /**
   * The entry made for a word no dictionary has, or null for a word without Han characters. May throw
   * SensesNotLoaded (the parts' senses are read).
   */
  derive(word: string): DictEntry | null {
    if (!hasHan(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const made = this.make(word, 0);
    this.cache.set(word, made);
    return made;
  }

  // ---------------------------------------------------------------------------------------------------

  private normalise(word: string): Uint16Array {
    const map = this.segmenter.lexicon.normaliser;
    const out = new Uint16Array(word.length);
    for (let i = 0; i < word.length; i++) out[i] = map[word.charCodeAt(i)]!;
    return out;
  }

  /** What kind of made entry a word gets, its simplified form and civic category, without senses. */
  private kind(word: string): { source: 'rule' | 'composed'; simplified: string; category: CivicCategory | null } | null {
    // A single character no dictionary has cannot be composed (derive gives null for it too).
    if ([...word].length === 1) return null;
    const norm = this.normalise(word);
    const text = String.fromCharCode(...norm);
    const family = familyOf(norm, this.segmenter.lexicon);
    if (family) {
      const hk = family.kind === Family.Title && (family.n === 0x7f72 || family.n === 0x5904 || word !== text);
      const category: CivicCategory =
        family.kind === Family.Congress || family.kind === Family.Plenum || family.kind === Family.DisciplinePlenum
          ? 'party'
          : family.kind === Family.Npc || family.kind === Family.Cppcc
            ? 'state'
            : family.kind === Family.FiveYearPlan
              ? 'economy'
              : family.kind === Family.Law
                ? 'law'
                : family.kind === Family.Title
                  ? hk
                    ? 'hktw'
                    : 'personnel'
                  : 'formulations';
      return { source: 'rule', simplified: text, category };
    }
    if (numberGloss(text, text !== word)) return { source: 'rule', simplified: text, category: null };
    // The simplified form as the segmenter folds it (traditional-only characters): a row's key. The
    // entry made later reads its parts' own forms (乾 stays 乾 here, and may be 干 there).
    return { source: 'composed', simplified: text, category: null };
  }

  private make(word: string, depth: number): DictEntry | null {
    const norm = this.normalise(word);
    const text = String.fromCharCode(...norm);
    const traditionalPage = text !== word;
    const family = familyOf(norm, this.segmenter.lexicon);
    if (family) {
      const made = this.familyEntry(word, text, family.kind, family.n, family.m, depth);
      if (made) return made;
    }
    const number = numberGloss(text, traditionalPage);
    if (number) {
      return this.entry(word, text, number.pinyin, number.definitions, 'rule', null, [text]);
    }
    return this.composed(word, text, depth);
  }

  private entry(
    word: string,
    simplified: string,
    pinyin: string,
    definitions: string[],
    source: 'rule' | 'composed',
    civic: DictEntry['civic'],
    parts: string[],
    traditional?: string,
  ): DictEntry {
    const trad = traditional ?? (word !== simplified ? word : this.dictionary.defaultTraditional(simplified));
    return {
      simplified,
      traditional: trad,
      pinyin,
      pinyinNumbered: marksToNumbered(pinyin),
      definitions,
      classifiers: [],
      source,
      civic,
      parts,
    };
  }

  /** The word's parts (the segmenter's best split of it), each with a reading and a gloss. */
  private pieces(word: string, depth: number): Piece[] {
    const split = this.segmenter.split(word);
    const spans = split.length > 0 ? split : [{ start: 0, end: word.length }];
    return spans.map((s, i) =>
      this.piece(
        word.slice(s.start, s.end),
        i === 0 && spans.length > 1,
        i === spans.length - 1 && spans.length > 1,
        depth,
        i > 0 ? word.slice(spans[i - 1]!.start, s.start) : '',
      ),
    );
  }

  private piece(part: string, first: boolean, last: boolean, depth: number, before = ''): Piece {
    // What the reading depends on: the part, its place, and (for 长 only) the word before it.
    const key = `${part}\t${first ? 1 : 0}${last ? 1 : 0}${part.length > 1 ? depth : ''}\t${part === '长' || part === '長' ? before : ''}`;
    let p = this.pieceCache.get(key);
    if (!p) {
      p = this.readPiece(part, first, last, depth, before);
      if (this.pieceCache.size >= CACHE_SIZE * 2) this.pieceCache.clear();
      this.pieceCache.set(key, p);
    }
    return p;
  }

  private readPiece(part: string, first: boolean, last: boolean, depth: number, before: string): Piece {
    const simplifiedChar = String.fromCharCode(...this.normalise(part));
    // 长 after a degree word is "long" (最长), elsewhere a title (检察长).
    const affix = first
      ? PREFIXES[simplifiedChar]
      : last && !(simplifiedChar === '长' && DEGREE.has(before))
        ? SUFFIXES[simplifiedChar]
        : undefined;
    // A word of two characters or more reads as the glossary reads it (one entry decoded, not all).
    if (part.length > 1 && !affix) {
      const g = this.dictionary.glossaryEntry(part);
      if (g) {
        const gloss = g.definitions.find((d) => !/^(?:variant of|old variant of|surname )/i.test(d)) ?? g.definitions[0] ?? '';
        return {
          word: part,
          simplified: g.simplified,
          traditional: g.traditional,
          pinyin: g.pinyin.toLowerCase(),
          gloss: shortGloss(gloss),
        };
      }
    }
    const entries = this.dictionary.lookup(part);
    if (entries.length === 0) {
      const made = depth < 2 && part.length > 1 ? this.make(part, depth + 1) : null;
      if (made)
        return {
          word: part,
          simplified: made.simplified,
          traditional: made.traditional,
          pinyin: made.pinyin,
          gloss: made.definitions[0] ?? '',
        };
      // A character no dictionary has: shown as it is.
      return { word: part, simplified: part, traditional: part, pinyin: '', gloss: part };
    }
    let main = entries[0]!;
    if (affix) {
      main = entries.find((e) => e.pinyin.toLowerCase() === affix[0]) ?? main;
    } else if (main.source !== 'civic') {
      const lower = entries.filter((e) => e.pinyin !== '' && e.pinyin === e.pinyin.toLowerCase());
      // A single character reads as it does in most dictionary words that hold it (予: yǔ as in 给予,
      // 转: zhuǎn as in 转变), else with the reading that has the most senses (络: luò, not lào).
      const usual = part.length === 1 ? (ALONE[simplifiedChar] ?? this.dictionary.defaultReading(simplifiedChar)) : null;
      const byUsual = usual ? lower.find((e) => e.pinyin === usual) : undefined;
      main =
        byUsual ??
        (part.length === 1 && lower.length > 0
          ? lower.reduce((a, b) => (b.definitions.length > a.definitions.length ? b : a))
          : (lower[0] ?? main));
    }
    const gloss = affix
      ? affix[1]
      : shortGloss(main.definitions.find((d) => !/^(?:variant of|old variant of|surname )/i.test(d)) ?? main.definitions[0] ?? '');
    // A single character written simplified takes its usual traditional form (证 -> 證, not the variant 証).
    const traditional = part.length === 1 && part === main.simplified ? this.dictionary.defaultTraditional(part) : main.traditional;
    return {
      word: part,
      simplified: main.simplified,
      traditional,
      pinyin: affix ? affix[0] : main.pinyin.toLowerCase(),
      gloss,
    };
  }

  private composed(word: string, text: string, depth: number): DictEntry | null {
    const lexicon = this.segmenter.lexicon;
    const chars = [...word];
    // A name the segmenter found (names.ts, translit.ts): not a word of its lexicon, made of name characters.
    if (
      !this.segmenter.isWord(word) &&
      chars.length >= 2 &&
      chars.length <= 3 &&
      lexicon.surnameCost[text.charCodeAt(0)]! > 0 &&
      !isTransliterationText(text)
    ) {
      return this.personalName(word, text);
    }
    if (!this.segmenter.isWord(word) && chars.length >= 3 && isTransliterationText(text)) {
      const pieces = [...word].map((c) => this.piece(c, false, false, depth + 1));
      const pinyin = pieces.map((p) => p.pinyin).join(' ');
      return this.entry(
        word,
        pieces.map((p) => p.simplified).join(''),
        pinyin,
        [`probably a foreign name, written by its sound (${capitalise(pinyin.replace(/ /g, ''))})`],
        'composed',
        null,
        pieces.map((p) => p.simplified),
        pieces.map((p) => p.traditional).join(''),
      );
    }
    const pieces = this.pieces(word, depth);
    if (pieces.length === 1 && pieces[0]!.pinyin === '') return null;
    return this.entry(
      word,
      pieces.map((p) => p.simplified).join(''),
      pieces
        .map((p) => p.pinyin)
        .filter(Boolean)
        .join(' '),
      [pieces.map((p) => p.gloss).join(' + ')],
      'composed',
      null,
      pieces.map((p) => p.simplified),
      pieces.map((p) => p.traditional).join(''),
    );
  }

  private personalName(word: string, text: string): DictEntry {
    const chars = [...word];
    const sur = this.surname(chars[0]!);
    const given = chars.slice(1).map((c) => this.piece(c, false, false, 1));
    const surPinyin = sur ? capitalise(sur.pinyin.toLowerCase()) : '';
    const givenPinyin = capitalise(given.map((g) => g.pinyin).join(''));
    const simplified = (sur?.simplified ?? text[0]!) + given.map((g) => g.simplified).join('');
    const traditional = (sur?.traditional ?? chars[0]!) + given.map((g) => g.traditional).join('');
    return this.entry(
      word,
      simplified,
      [surPinyin, ...given.map((g, i) => (i === 0 ? capitalise(g.pinyin) : g.pinyin))].filter(Boolean).join(' '),
      [`probably a personal name: surname ${chars[0]} ${surPinyin}, given name ${chars.slice(1).join('')} ${givenPinyin}`],
      'composed',
      null,
      [simplified.slice(0, 1), simplified.slice(1)],
      traditional,
    );
  }

  /**
   * A word read through the longest dictionary words inside it, left to right (十六届五中全会: 十六 届 五中
   * 全会), each with its main reading; numerals read as numerals. For words whose parts the rule knows.
   */
  private chunks(word: string): Piece[] {
    const out: Piece[] = [];
    for (let i = 0; i < word.length; ) {
      const n = this.dictionary.matchLengths(word, i)[0] ?? 1;
      const part = word.slice(i, i + n);
      const numeral = NUMERAL_PINYIN[String.fromCharCode(...this.normalise(part))];
      if (n === 1 && numeral && part !== '点' && part !== '第') {
        const simplified = String.fromCharCode(...this.normalise(part));
        out.push({
          word: part,
          simplified,
          traditional: part === simplified ? this.dictionary.defaultTraditional(part) : part,
          pinyin: numeral,
          gloss: '',
        });
      } else out.push(this.piece(part, false, i + n === word.length && i > 0, 2, word.slice(0, i).slice(-1)));
      i += n;
    }
    return out;
  }

  private readonly surnames = new Map<string, DictEntry | undefined>();

  /** The surname entry of a character (its "surname …" reading), else its first entry. */
  private surname(ch: string): DictEntry | undefined {
    if (!this.surnames.has(ch)) {
      const entries = this.dictionary.lookup(ch);
      this.surnames.set(ch, entries.find((e) => e.definitions.some((d) => /^surname\b/i.test(d))) ?? entries[0]);
    }
    return this.surnames.get(ch);
  }

  private familyEntry(word: string, text: string, kind: Family, n: number, m: number, depth: number): DictEntry | null {
    const traditionalPage = text !== word;
    const pieces = this.chunks(word);
    const pinyin = pieces
      .map((p) => p.pinyin)
      .filter(Boolean)
      .join(' ');
    const simplified = pieces.map((p) => p.simplified).join('');
    const traditional = pieces.map((p) => p.traditional).join('');
    const context: Parameters<typeof familyGloss>[3] = { word, traditional: traditionalPage };
    if (kind === Family.Power) {
      const field = text.slice(0, text.length - 2);
      context.field = field;
      context.fieldEnglish = POWER_FIELDS[field];
    } else if (kind === Family.XiThought) {
      const field = text.slice(3, text.length - 2);
      context.field = field;
      context.fieldEnglish = THOUGHT_FIELDS[field] ?? this.glossOf(word.slice(3, word.length - 2), depth);
    } else if (kind === Family.Law) {
      if (n === 0) {
        const inner = word.slice(7);
        const innerGloss = this.dictionary.lookup(inner)[0]?.definitions[0];
        const topic = inner.slice(0, -1);
        context.fieldEnglish = innerGloss
          ? `${innerGloss} of the People's Republic of China`
          : `law of the People's Republic of China on ${topic} (${this.glossOf(topic, depth)})`;
      } else if (n === 1) {
        const topic = word.slice(1, -1);
        context.fieldEnglish = `law against ${topic} (${this.glossOf(topic, depth)})`;
      } else {
        const topic = word.slice(0, -1);
        context.fieldEnglish = `law on ${topic} (${this.glossOf(topic, depth)})`;
      }
    } else if (kind === Family.Title) {
      const deptWord = word.slice(0, word.length - 2 - m);
      const dept = this.dictionary.lookup(deptWord)[0]?.definitions[0];
      context.department = dept ? `the ${dept.replace(/^the /i, '')} (${deptWord})` : deptWord;
    }
    const gloss = familyGloss(kind, n, m, context);
    if (!gloss) return null;
    return this.entry(
      word,
      simplified,
      pinyin,
      gloss.definitions,
      'rule',
      gloss.civic,
      pieces.map((p) => p.simplified),
      traditional,
    );
  }

  /** A short English gloss of a word: its first sense, or its parts' glosses joined. */
  private glossOf(word: string, depth: number): string {
    const e = this.dictionary.lookup(word)[0];
    if (e) return e.definitions[0] ?? word;
    return this.pieces(word, depth + 1)
      .map((p) => p.gloss)
      .join(' + ');
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
