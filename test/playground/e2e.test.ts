import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { startService, type RunningService } from './serve.js';

/**
 * The playground in a real browser: Debian's Chromium (never a downloaded one) driven by
 * playwright-core, against the real service on a loopback port.
 */
const CHROMIUM = '/usr/bin/chromium';
const IN_CI = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = 'test-results';

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`playground e2e tests skipped: ${CHROMIUM} is missing (apt-get install chromium). In CI they fail instead.`);
}

const WEAK_ANSWER =
  'I have nine years of coding experience and I am the go-to person on my team. I worked on the payments service. ' +
  'We used Kafka, Redis, Kubernetes and React. I made it scalable and followed best practices. ' +
  'The business wanted it, so we built it and it went well.';
const API_KEY = 'playground-e2e-key-0123456789';
const underLevel = loadRubrics().get('senior-swe').bands.find((b) => b.id === 'under-level')!;

// In CI a missing browser is a failed test, not a silent skip (and not only a failed hook,
// which would leave every test merely "skipped").
(HAVE_CHROMIUM || IN_CI ? it : it.skip)(`finds Debian's Chromium at ${CHROMIUM}`, () => {
  expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`).toBe(true);
});

describe.skipIf(!HAVE_CHROMIUM)('playground in Chromium', () => {
  let browser: Browser;
  let service: RunningService;
  let context: BrowserContext;
  let problems: string[];
  let foreignRequests: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    service = await startService();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  /** A fresh page on `base`, recording script errors, dialogs and any request off the service. */
  async function openPage(base: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    context = await browser.newContext({ viewport });
    problems = [];
    foreignRequests = [];
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(`${base}/`) && !req.url().startsWith('data:')) foreignRequests.push(req.url());
    });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#rubric option[value="senior-swe"]').count()).toBe(1);
    return page;
  }

  afterEach(async () => {
    await context?.close();
  });

  /** Console errors for the failed requests the test provoked on purpose are expected. */
  const unexpected = (allowStatus: number[] = []) =>
    problems.filter((p) => !allowStatus.some((s) => p.includes(`status of ${s}`)) && !p.includes('net::ERR_FAILED'));

  it('grades a pasted weak answer: band, interpretation, a highlighted tenure-claim flag', async () => {
    const page = await openPage(service.url);
    await page.fill('#answer', WEAK_ANSWER);
    const response = page.waitForResponse((r) => r.url().endsWith('/v1/evaluations'));
    await page.click('#grade');
    const evaluation = await (await response).json();

    await expect.poll(() => page.locator('#band').isVisible()).toBe(true);
    expect(await page.locator('#band .band-label').textContent()).toBe(evaluation.band.label);
    expect(evaluation.band.id).toBe('under-level');
    expect(await page.locator('#interpretation').textContent()).toBe(underLevel.interpretation);
    expect(await page.locator('#total').textContent()).toBe(`${evaluation.total} / ${evaluation.maxTotal}`);

    // The tenure claim is highlighted in place, over exactly the flagged words.
    const flag = evaluation.flags.find((f: { id: string }) => f.id === 'tenure-claim');
    expect(flag, 'the detector flags "nine years of coding experience"').toBeTruthy();
    const marks = page.locator('mark[data-flag-ids~="tenure-claim"]');
    await expect.poll(() => marks.first().isVisible()).toBe(true);
    expect((await marks.allTextContents()).join('')).toBe(flag.quote);
    expect(await page.locator('#annotated-text').textContent()).toBe(evaluation.text);

    // Its label and advice show on hover and on keyboard focus; Escape dismisses them.
    const tooltip = page.locator('#tooltip');
    await marks.first().hover();
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toContain(flag.label);
    expect(await tooltip.textContent()).toContain(flag.advice);
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip.isVisible()).toBe(false);
    await marks.first().focus();
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    const describedBy = (await marks.first().getAttribute('aria-describedby'))!.split(' ');
    const descriptions = await Promise.all(describedBy.map((id) => page.locator(`#${id}`).textContent()));
    expect(descriptions.join(' ')).toContain(flag.advice);
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip.isVisible()).toBe(false);

    // Everything else of the result, as readable parts rather than JSON.
    expect(await page.locator('.dimension').count()).toBe(evaluation.dimensions.length);
    expect(await page.locator('.checklist li').count()).toBe(8);
    expect(await page.locator('.checklist li.missing').count()).toBe(
      evaluation.evidenceStack.filter((s: { present: boolean }) => !s.present).length,
    );
    expect(await page.locator('.advice li').allTextContents()).toEqual(evaluation.advice);
    const absent = evaluation.flags.filter((f: { quote: string | null }) => f.quote === null);
    for (const f of absent) expect(await page.locator('#flags-heading ~ ul').last().textContent()).toContain(f.label);
    expect(await page.locator('#speech-heading').count()).toBe(0); // a written answer has no speech metrics

    await page.screenshot({ path: `${ARTIFACTS}/playground.png`, fullPage: true });
    expect(unexpected()).toEqual([]);
    expect(foreignRequests).toEqual([]);
  }, 60_000);

  it('shows an API error as a readable message next to the input, not an alert', async () => {
    const page = await openPage(service.url);
    await page.fill('#answer', '   ');
    await page.click('#grade');
    const message = page.locator('#form-message');
    await expect.poll(() => message.textContent()).toContain('answer is blank');
    expect(await message.textContent()).toContain('Bad Request');
    expect(await message.getAttribute('role')).toBe('alert');
    expect(await page.locator('#answer').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#result').isHidden()).toBe(true);

    // An unknown rubric (the select tampered with) names the ones that exist.
    await page.fill('#answer', WEAK_ANSWER);
    await page.locator('#rubric').evaluate((select: HTMLSelectElement) => {
      select.add(new Option('Nope', 'no-such-rubric'));
      select.value = 'no-such-rubric';
    });
    await page.click('#grade');
    await expect.poll(() => message.textContent()).toContain('unknown rubric "no-such-rubric"');
    for (const r of loadRubrics().list()) expect(await message.textContent()).toContain(r.id);
    expect(await page.locator('#answer').getAttribute('aria-invalid')).toBeNull();
    // Scrolled into view, not left below the fold.
    const box = (await message.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);

    await page.screenshot({ path: `${ARTIFACTS}/playground-error.png` });
    expect(unexpected([400, 404])).toEqual([]);
  }, 60_000);

  it('reports an unreachable service instead of a blank screen', async () => {
    const page = await openPage(service.url);
    await page.route('**/v1/evaluations', (route) => route.abort('failed'));
    await page.fill('#answer', WEAK_ANSWER);
    await page.click('#grade');
    await expect.poll(() => page.locator('#form-message').textContent()).toContain('Could not reach the Barometer service');
    expect(await page.locator('#grade').textContent()).toBe('Grade');
    expect(unexpected()).toEqual([]);
  }, 60_000);

  it('grades with Ctrl+Enter from the keyboard and moves focus to the result', async () => {
    const page = await openPage(service.url);
    await page.focus('#answer');
    await page.keyboard.type('I have nine years of coding experience.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#band').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading');
    // Tab reaches the highlights: they are focusable.
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('mark[data-flag-ids~="tenure-claim"]') ?? false);
    }
    expect(reached).toBe(true);
    expect(await page.locator('#tooltip').isVisible()).toBe(true);
    expect(unexpected()).toEqual([]);
  }, 60_000);

  it('renders markup in the answer as text, never as HTML', async () => {
    const page = await openPage(service.url);
    const hostile = `<img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script> ${WEAK_ANSWER}`;
    await page.fill('#answer', hostile);
    await page.click('#grade');
    await expect.poll(() => page.locator('#band').isVisible()).toBe(true);
    expect(await page.locator('#result img, #result script').count()).toBe(0);
    expect(await page.locator('#annotated-text').textContent()).toContain('<img src=x onerror="window.__xss = 1">');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(unexpected()).toEqual([]);
  }, 60_000);

  it('reads an uploaded .vtt transcript and shows its speech metrics', async () => {
    const page = await openPage(service.url);
    const vtt =
      'WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n<v Interviewer>Tell me about a system you owned.\n\n' +
      '00:00:06.000 --> 00:00:20.000\n<v Candidate>Um, so, I have nine years of coding experience and, uh, I made the payments service scalable.\n\n' +
      '00:00:20.000 --> 00:00:30.000\n<v Candidate>I chose a queue over a cron job because retries were cheaper, and failed payments fell by 30 percent.\n';
    await page.setInputFiles('#file', { name: 'interview.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt) });
    await expect.poll(() => page.inputValue('#answer')).toBe(vtt);
    expect(await page.inputValue('#format')).toBe('vtt');
    const response = page.waitForResponse((r) => r.url().endsWith('/v1/evaluations'));
    await page.click('#grade');
    const evaluation = await (await response).json();
    expect(evaluation.speech).not.toBeNull();
    await expect.poll(() => page.locator('#speech-heading').isVisible()).toBe(true);
    expect(await page.locator('.metrics').textContent()).toContain(`Words${evaluation.speech.words}`);
    expect(await page.locator('#annotated-text').textContent()).toBe(evaluation.text);
    expect(unexpected()).toEqual([]);
  }, 60_000);

  it('copies the raw JSON to the clipboard', async () => {
    const page = await openPage(service.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.url });
    await page.fill('#answer', WEAK_ANSWER);
    const response = page.waitForResponse((r) => r.url().endsWith('/v1/evaluations'));
    await page.click('#grade');
    const evaluation = await (await response).json();
    await page.click('#copy-json');
    await expect.poll(() => page.locator('.copy-status').textContent()).toBe('JSON copied to the clipboard.');
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(evaluation);
  }, 60_000);

  it('stays readable at phone width (375px): no sideways scrolling', async () => {
    const page = await openPage(service.url, { width: 375, height: 800 });
    await page.fill('#answer', WEAK_ANSWER);
    await page.click('#grade');
    await expect.poll(() => page.locator('#band').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/playground-375.png`, fullPage: true });
    expect(unexpected()).toEqual([]);
  }, 60_000);

  it('has labelled controls, a visible focus ring and AA text contrast', async () => {
    const page = await openPage(service.url);
    for (const label of ['Answer or transcript', 'Upload a transcript', 'Input type', 'Interview question (optional)', 'Rubric', 'Engine']) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => !(el as HTMLElement).closest('[hidden]'))
        .filter((el) => !((el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.textContent?.trim()))
        .map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);

    await page.fill('#answer', WEAK_ANSWER);
    await page.click('#grade');
    await expect.poll(() => page.locator('#band').isVisible()).toBe(true);
    // Focus is on the result heading; Tab (a keyboard move, so :focus-visible applies) reaches Copy JSON.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('copy-json');
    const ring = await page.locator('#copy-json').evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);

    // Every visible text run against the first opaque background behind it (WCAG 1.4.3).
    const failures = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const background = (el: Element | null): number[] => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3]! >= 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (!n.textContent?.trim() || !el.checkVisibility() || el.closest('.visually-hidden, .offscreen, option, template')) continue;
        const s = getComputedStyle(el);
        const [l1, l2] = [lum(rgb(s.color)), lum(background(el))].sort((a, b) => b - a);
        const ratio = (l1! + 0.05) / (l2! + 0.05);
        const size = parseFloat(s.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) out.push(`${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 30)}"`);
      }
      return out;
    });
    expect(failures).toEqual([]);
  }, 60_000);

  it('asks for an API key when the server needs one, keeps it for the tab, and sends it', async () => {
    const locked = await startService({ API_KEYS: API_KEY });
    try {
      context = await browser.newContext();
      problems = [];
      const page = await context.newPage();
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      await page.goto(`${locked.url}/`);
      await expect.poll(() => page.locator('#key-field').isVisible()).toBe(true);
      await page.fill('#answer', WEAK_ANSWER);
      await page.click('#grade');
      await expect.poll(() => page.locator('#form-message').textContent()).toContain('Enter a valid API key below');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');

      await page.fill('#api-key', API_KEY);
      await page.locator('#api-key').dispatchEvent('change');
      await expect.poll(() => page.locator('#rubric option[value="senior-swe"]').count()).toBe(1);
      await page.click('#grade');
      await expect.poll(() => page.locator('#band').isVisible()).toBe(true);
      expect(await page.locator('#form-message').textContent()).toBe('');
      expect(await page.evaluate(() => sessionStorage.getItem('barometer.apiKey'))).toBe(API_KEY);

      await page.reload();
      expect(await page.inputValue('#api-key')).toBe(API_KEY);
      expect(problems).toEqual([]);
    } finally {
      await locked.close();
    }
  }, 60_000);
});
