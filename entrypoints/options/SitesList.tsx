import { useState } from 'preact/hooks';
import type { SiteMode } from '../../utils/settings-schema';
import { normaliseSite } from '../../utils/site-rules';

interface Props {
  sites: Record<string, SiteMode>;
  /** Sets one site's rule; resolves to an error sentence or null. */
  onSet: (site: string, mode: SiteMode | 'default') => Promise<string | null>;
}

/**
 * The per-site list: each site on or off whatever the switch in the toolbar says; a site not listed
 * follows it. A rule covers the site's subdomains unless they have their own.
 */
export function SitesList({ sites, onSet }: Props) {
  const [host, setHost] = useState('');
  const [mode, setMode] = useState<SiteMode>('off');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const hosts = Object.keys(sites).sort();

  const set = async (site: string, m: SiteMode | 'default') => {
    const error = await onSet(site, m);
    setMessage(
      error
        ? { text: error, error: true }
        : { text: m === 'default' ? `${site} follows the default again.` : `Dubao is ${m} for ${site}.`, error: false },
    );
    return error;
  };

  return (
    <div class="sites">
      {hosts.length === 0 ? (
        <p class="muted">No site has its own setting: Dubao follows the switch in the toolbar everywhere.</p>
      ) : (
        <table class="sites-table">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Dubao</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <tr key={h} data-site={h}>
                <th scope="row">{h}</th>
                <td>
                  <select
                    aria-label={`Dubao on ${h}`}
                    value={sites[h]}
                    onChange={(e) => void set(h, (e.currentTarget as HTMLSelectElement).value as SiteMode)}
                  >
                    <option value="on">On</option>
                    <option value="off">Off</option>
                  </select>
                </td>
                <td>
                  <button type="button" onClick={() => void set(h, 'default')} aria-label={`Remove ${h} (follow the default)`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="site-add"
        onSubmit={(e) => {
          e.preventDefault();
          const site = normaliseSite(host);
          if (!host.trim()) {
            setMessage({ text: 'Type the site first, for example news.example.com.', error: true });
            return;
          }
          if (!site) {
            setMessage({ text: `“${host.trim().slice(0, 80)}” is not a site name (for example news.example.com).`, error: true });
            return;
          }
          void set(site, mode).then((error) => {
            if (!error) setHost('');
          });
        }}
      >
        <label>
          Site{' '}
          <input
            type="text"
            name="site"
            placeholder="news.example.com"
            value={host}
            onInput={(e) => setHost((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          Dubao{' '}
          <select name="mode" value={mode} onChange={(e) => setMode((e.currentTarget as HTMLSelectElement).value as SiteMode)}>
            <option value="off">Off</option>
            <option value="on">On</option>
          </select>
        </label>
        <button type="submit">Add</button>
      </form>
      <p class="sites-status" role={message?.error ? 'alert' : 'status'} data-error={message?.error ? 'true' : 'false'}>
        {message?.text ?? ''}
      </p>
    </div>
  );
}
