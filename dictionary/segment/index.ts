export { Segmenter } from './segmenter';
