import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

// Turns a page of a PDF into a PNG in Chromium with pdf.js (pdfjs-dist's browser build). This machine
// has no PDF rasterizer, and Chromium's own viewer draws in a plugin a screenshot does not capture, so
// a loopback server hands pdf.js, its worker and the PDF to a blank page that renders onto a canvas.

export interface RasterizedPage {
  /** The canvas as a PNG. */
  png: Buffer;
  pages: number;
  width: number;
  height: number;
  /** Share of the page's pixels that are not (near) white: a blank or failed render has none. */
  inkShare: number;
  /** The page's text layer (getTextContent), runs joined by spaces. */
  text: string;
}

const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>pdf</title><body style="margin:0"><canvas></canvas>
<script type="module">
  import * as pdfjs from '/pdf.mjs';
  pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
  window.renderPage = async (number) => {
    const pdf = await pdfjs.getDocument('/document.pdf').promise;
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = document.querySelector('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.min(data[i], data[i + 1], data[i + 2]) < 200) ink++;
    const text = (await page.getTextContent()).items.map((item) => item.str ?? '').join(' ');
    return { pages: pdf.numPages, width: canvas.width, height: canvas.height, inkShare: ink / (data.length / 4), text };
  };
  window.pdfReady = true;
</script>`;

export async function rasterizePdfPage(browser: Browser, pdf: Buffer, pageNumber = 1): Promise<RasterizedPage> {
  const build = join(process.cwd(), 'node_modules/pdfjs-dist/build');
  const files: Record<string, { type: string; body: () => Promise<Buffer | string> }> = {
    '/': { type: 'text/html', body: async () => PAGE },
    '/pdf.mjs': { type: 'text/javascript', body: () => readFile(join(build, 'pdf.mjs')) },
    '/pdf.worker.mjs': { type: 'text/javascript', body: () => readFile(join(build, 'pdf.worker.mjs')) },
    '/document.pdf': { type: 'application/pdf', body: async () => pdf },
  };
  const server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (!file) return void response.writeHead(404).end();
    void file.body().then((body) => response.writeHead(200, { 'Content-Type': file.type }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { pdfReady?: boolean }).pdfReady === true);
    const rendered = await page.evaluate(
      (n) => (window as unknown as { renderPage: (n: number) => Promise<Omit<RasterizedPage, 'png'>> }).renderPage(n),
      pageNumber,
    );
    return { png: await page.locator('canvas').screenshot(), ...rendered };
  } finally {
    await context.close();
    server.close();
  }
}
