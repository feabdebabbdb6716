/**
 * What the popup's "On this site" control shows for the tab's page, pure (tests/popup/site.test.ts): the
 * site (host name, as the per-site list writes it), the rule the list has for exactly that site, or the
 * rule of a parent domain it follows ("news.example.com" follows "example.com" unless listed itself), and
 * whether Dubao acts on the page (utils/site-rules.ts isActiveOn).
 */
import type { SiteMode } from '../../utils/settings-schema';
import { isActiveOn, normaliseSite, siteModeFor } from '../../utils/site-rules';

export interface SiteChoice {
  /** Null for a page that has no site (file:, about:, extension pages): the control is disabled. */
  site: string | null;
  /** The select's value: this site's own rule, or 'default' when it has none. */
  value: SiteMode | 'default';
  /** A parent domain whose rule applies because this site has none of its own; null otherwise. */
  from: { site: string; mode: SiteMode } | null;
  /** Whether Dubao acts on the page now. */
  active: boolean;
}

export function siteChoice(sites: Readonly<Record<string, SiteMode>>, enabled: boolean, url: string): SiteChoice {
  const site = normaliseSite(url);
  const active = isActiveOn(sites, enabled, url);
  if (!site) return { site: null, value: 'default', from: null, active };
  const own = Object.hasOwn(sites, site) ? sites[site]! : null;
  if (own) return { site, value: own, from: null, active };
  const mode = siteModeFor(sites, url);
  if (mode === 'default') return { site, value: 'default', from: null, active };
  let parent = site;
  while (!Object.hasOwn(sites, parent)) parent = parent.slice(parent.indexOf('.') + 1);
  return { site, value: 'default', from: { site: parent, mode }, active };
}

/** The words under the control: what the page gets now, and why. */
export function siteNote(c: SiteChoice, enabled: boolean): string {
  if (!c.site) return 'This page has no site to switch.';
  if (c.from) return `${c.from.mode === 'on' ? 'On' : 'Off'}, as on all of ${c.from.site}.`;
  if (c.value === 'default') return `Follows the switch: ${enabled ? 'on' : 'off'}.`;
  return c.value === 'off' ? 'Off here, whatever the switch says.' : 'On here, whatever the switch says.';
}
