/**
 * `npm start`: builds the extension (see package.json) and opens Debian's Chromium with Dubao loaded on a
 * sample news article served from tests/e2e/fixtures. With a display ($DISPLAY) the window stays open for
 * you to hover words; without one (a server, CI) it hovers a civic term headlessly, saves a screenshot of
 * the card and says where.
 */
import { artifactPath, launchExtension, serveFixtures } from './harness';

const ARTICLE = 'news-simplified.html';
const WORD = '两学一做';

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const server = await serveFixtures();
const ext = await launchExtension({ headless });
const page = await ext.context.newPage();
await page.goto(server.url(ARTICLE));
console.log(`Dubao is loaded (extension id ${ext.extensionId}) on the sample article ${server.url(ARTICLE)}`);

if (headless) {
  // Find the first occurrence of WORD and rest the real mouse on its second character (scrolled into
  // view first, then measured, so a smooth-scrolling page cannot move it away).
  const locate = (scroll: boolean) =>
    page.evaluate(
      ({ word, scroll }) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(word);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at + 1);
          range.setEnd(node, at + 2);
          if (scroll) range.startContainer.parentElement!.scrollIntoView({ block: 'center', behavior: 'instant' });
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        return null;
      },
      { word: WORD, scroll },
    );
  await locate(true);
  await page.waitForTimeout(300);
  const point = await locate(false);
  if (!point) throw new Error(`the sample article lacks ${WORD}`);
  await page.mouse.move(point.x, point.y, { steps: 4 });
  await page.locator('dubao-card').waitFor({ state: 'attached', timeout: 15_000 });
  await page.waitForTimeout(600);
  const shot = artifactPath('demo-card.png');
  await page.screenshot({ path: shot });
  // The card with the word under it, for the README (docs/card.png is a copy of this file).
  const box = await page.evaluate(() => {
    const card = document.querySelector('dubao-card')?.shadowRoot?.querySelector('.card');
    const r = card?.getBoundingClientRect();
    return r ? { x: r.left, y: r.top, width: r.width, height: r.height } : null;
  });
  if (box) {
    const pad = 24;
    const x = Math.max(0, Math.min(box.x, point.x - 40) - pad);
    const y = Math.max(0, Math.min(box.y, point.y - 20) - pad);
    const right = Math.max(box.x + box.width, point.x + 40) + pad;
    const bottom = Math.max(box.y + box.height, point.y + 20) + pad;
    await page.screenshot({ path: artifactPath('demo-card-only.png'), clip: { x, y, width: right - x, height: bottom - y } });
  }
  console.log(`No display here: hovered ${WORD} headlessly; screenshot of the card: ${shot}`);
  console.log('To use Dubao yourself, load .output/chrome-mv3 in Chromium (see README) or run this with a display.');
  await ext.close();
  await server.close();
} else {
  console.log('Hover any Chinese word. Close the browser window (or press Ctrl+C) to stop.');
  await new Promise<void>((res) => {
    ext.context.on('close', () => res());
    process.on('SIGINT', () => res());
  });
  await server.close();
  await ext.close().catch(() => {});
}
