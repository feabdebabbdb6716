/**
 * Sites and their rules: a site name from what the reader typed or a page's address, and whether Dubao
 * acts on a page, by the per-site list of the settings (`sites`, utils/settings-schema.ts) and the on/off
 * switch. Pure.
 */
import type { SiteMode } from './settings-schema';

/**
 * A site name from what the reader typed or a page address: the host name, lower-case, without "www."
 * and without port ("https://www.Example.com:8080/a" -> "example.com"). Null when there is no host
 * (file:, about:, extension pages) or the text is not a host name.
 */
export function normaliseSite(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (text === '' || text.length > 253) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `http://${text}`;
  let host: string;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    host = url.hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  if (host === '' || !/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(host) || host.startsWith('.') || host.includes('..')) return null;
  return host;
}

/**
 * The per-site rule for a page: the rule of its host or of the nearest parent domain listed
 * ("news.example.com" follows "example.com" unless listed itself); 'default' when none.
 */
export function siteModeFor(sites: Readonly<Record<string, SiteMode>>, url: string): SiteMode | 'default' {
  const site = normaliseSite(url);
  if (!site) return 'default';
  for (let host = site; ; ) {
    const mode = sites[host];
    if (mode) return mode;
    const dot = host.indexOf('.');
    if (dot < 0) return 'default';
    host = host.slice(dot + 1);
  }
}

/** Whether Dubao acts on a page: its site's rule, else the on/off default (the toolbar switch). */
export function isActiveOn(sites: Readonly<Record<string, SiteMode>>, enabled: boolean, url: string): boolean {
  const mode = siteModeFor(sites, url);
  return mode === 'default' ? enabled : mode === 'on';
}
