export { Segmenter } from './segmenter';
export type { HoverSpan } from './segmenter';
export { Lexicon } from './lexicon';
