import type { StudySaveRequest } from '../../utils/messages';

export function saveReq(over: Partial<StudySaveRequest> = {}): StudySaveRequest {
  return {
    simplified: '干部',
    traditional: '幹部',
    pinyin: 'gàn bù',
    definitions: ['cadre', 'official in the Communist Party'],
    civic: { category: 'party', explanation: 'A person holding a post in the Party or the state.' },
    sentence: '正向激励促进干部勇担当善作为。',
    pageTitle: '乌海日报',
    url: 'http://127.0.0.1/news.html',
    ...over,
  };
}
