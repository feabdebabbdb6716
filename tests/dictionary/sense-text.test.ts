import { describe, expect, it } from 'vitest';
import { inOneScript } from '../../dictionary/sense-text';

describe('inOneScript', () => {
  it('keeps one form of a cross-reference: simplified for a simplified word, traditional for a traditional one', () => {
    const sense = 'abbr. for 人民代表大會|人民代表大会[rén mín dài biǎo dà huì]';
    expect(inOneScript(sense, false)).toBe('abbr. for 人民代表大会[rén mín dài biǎo dà huì]');
    expect(inOneScript(sense, true)).toBe('abbr. for 人民代表大會[rén mín dài biǎo dà huì]');
  });

  it('handles several references, ones without a reading, and pairs inside brackets', () => {
    expect(inOneScript('see 打傘|打伞[dǎ sǎn] and 電話|电话', false)).toBe('see 打伞[dǎ sǎn] and 电话');
    expect(inOneScript('(as in 打電話|打电话[dǎ diàn huà] "to make a phone call")', true)).toBe(
      '(as in 打電話[dǎ diàn huà] "to make a phone call")',
    );
    expect(inOneScript('(e.g. PM2.5, γ射線|γ射线[γ shè xiàn])', false)).toBe('(e.g. PM2.5, γ射线[γ shè xiàn])');
    expect(inOneScript('or 對…|对…[duì xx] etc', false)).toBe('or 对…[duì xx] etc');
    expect(inOneScript('see 臨淵羨魚，不如退而結網|临渊羡鱼，不如退而结网[lín yuān]', false)).toBe('see 临渊羡鱼，不如退而结网[lín yuān]');
  });

  it('names the other form when the one in the reader’s script is the word itself', () => {
    expect(inOneScript('variant of 產|产[chǎn]', false, '产')).toBe('variant of 產[chǎn]');
    expect(inOneScript('variant of 產|产[chǎn]', true, '產')).toBe('variant of 产[chǎn]');
    expect(inOneScript('variant of 產|产[chǎn]', false, '生产')).toBe('variant of 产[chǎn]');
  });

  it('leaves senses without a pair, pairs of unequal length and pairs without a Chinese character, as they are', () => {
    expect(inOneScript('variant of 咱[zán]', false)).toBe('variant of 咱[zán]');
    expect(inOneScript('either|or', false)).toBe('either|or');
    expect(inOneScript('A|BC', true)).toBe('A|BC');
    expect(inOneScript('on|of', false)).toBe('on|of');
  });
});
