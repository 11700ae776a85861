// Opens each HTML report given on the command line in headless Chromium (Debian's, through puppeteer-core) as a
// reader would, and fails unless: the page loads with no console error or warning and no page error, it makes no
// request other than the file itself and its data: images (nothing from the network), every <img> has decoded to a
// picture of its declared size, and every picture has ink (more than one colour in a sample of its pixels).
// Usage: node check-reports.mjs SCREENSHOT_DIR REPORT.html [REPORT.html ...]
import puppeteer from 'puppeteer-core';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [screenshots, ...reports] = process.argv.slice(2);
if (!screenshots || reports.length === 0) {
  console.error('usage: node check-reports.mjs SCREENSHOT_DIR REPORT.html [...]');
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failures = 0;
try {
  for (const report of reports) {
    const url = pathToFileURL(path.resolve(report)).href;
    const page = await browser.newPage();
    const problems = [];
    page.on('console', message => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', error => problems.push(`page error: ${error.message}`));
    const requests = [];
    page.on('request', request => {
      const u = request.url();
      if (u !== url && !u.startsWith('data:')) requests.push(u);
    });
    await page.setViewport({ width: 1100, height: 1400 });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || !response.ok()) problems.push(`the page did not load (${response ? response.status() : 'no response'})`);
    const images = await page.evaluate(async () => {
      const result = [];
      for (const img of Array.from(document.images)) {
        await img.decode().catch(() => {});
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        let colours = 0;
        if (img.naturalWidth > 0) {
          const context = canvas.getContext('2d');
          context.drawImage(img, 0, 0);
          const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
          const seen = new Set();
          for (let i = 0; i < data.length && seen.size < 50; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
          colours = seen.size;
        }
        result.push({ alt: img.alt, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight, declared: [img.width, img.height], colours });
      }
      return result;
    });
    if (images.length === 0) problems.push('no images');
    for (const image of images) {
      if (!image.complete || image.width === 0) problems.push(`image '${image.alt}' did not decode`);
      else if (image.colours < 3) problems.push(`image '${image.alt}' is blank (${image.colours} colours)`);
    }
    if (requests.length > 0) problems.push(`requests beyond the file: ${requests.join(', ')}`);
    const shot = path.join(screenshots, path.basename(report, '.html') + '.png');
    await page.screenshot({ path: shot });
    await page.close();
    if (problems.length > 0) {
      failures++;
      console.log(`report-check: ${report}: FAILED`);
      for (const p of problems) console.log(`  ${p}`);
    } else {
      console.log(`report-check: ${report}: loads with no console error and no request, ${images.length} images decoded and drawn; screenshot ${shot}`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failures === 0 ? 0 : 1);
