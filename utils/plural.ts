/**
 * A count and its noun, in the singular for one: plural(1, 'word') is "1 word", plural(1200, 'word')
 * "1,200 words", plural(2, 'entry', 'entries') "2 entries". Every page's sentences use this one.
 */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
