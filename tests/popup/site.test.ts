import { describe, expect, it } from 'vitest';
import { siteChoice, siteNote } from '../../entrypoints/popup/site';

describe('"On this site" in the popup', () => {
  const sites = { 'example.com': 'off', 'news.example.org': 'on' } as const;

  it("shows the site's own rule", () => {
    const c = siteChoice(sites, true, 'https://www.example.com/a/b?c#d');
    expect(c).toEqual({ site: 'example.com', value: 'off', from: null, active: false });
    expect(siteNote(c, true)).toBe('Off here, whatever the switch says.');
    const on = siteChoice(sites, false, 'http://news.example.org/');
    expect(on).toMatchObject({ value: 'on', active: true });
    expect(siteNote(on, false)).toBe('On here, whatever the switch says.');
  });

  it('says when the rule of a parent domain applies (its own value is still "follow the switch")', () => {
    const c = siteChoice(sites, true, 'https://news.example.com/x');
    expect(c).toEqual({ site: 'news.example.com', value: 'default', from: { site: 'example.com', mode: 'off' }, active: false });
    expect(siteNote(c, true)).toBe('Off, as on all of example.com.');
  });

  it('follows the switch on a site not listed', () => {
    expect(siteChoice(sites, false, 'https://example.org/')).toEqual({ site: 'example.org', value: 'default', from: null, active: false });
    expect(siteNote(siteChoice(sites, true, 'https://example.org/'), true)).toBe('Follows the switch: on.');
  });

  it('has no site for pages without a host', () => {
    for (const url of ['file:///tmp/a.html', 'about:blank', 'chrome-extension://abc/popup.html', '']) {
      const c = siteChoice(sites, true, url);
      expect(c.site).toBeNull();
      expect(siteNote(c, true)).toBe('This page has no site to switch.');
    }
  });
});
