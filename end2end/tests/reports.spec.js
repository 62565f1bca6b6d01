// Service levels: the KPI dashboard with every KPI and its target, live; the records
// behind a figure; the CSV download; the print layout; SLAs agreed in the browser; an
// incident's SLA clocks; availability per service.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

const KPIS = [
  ['Service level', ['Availability', 'Mean time to repair (MTTR)', 'Mean time between failures (MTBF)', 'SLA compliance']],
  ['Incidents', ['First-contact resolution', 'Average resolution time', 'Incident backlog', 'Escalation rate']],
  ['Changes', ['Change success rate', 'Emergency change rate', 'Change lead time', 'Change backlog']],
];

// Logs an incident on the Web Server through the server function, as the form would.
async function logIncident(page, title) {
  return page.evaluate(async (title) => {
    const body = new URLSearchParams({
      'input[title]': title,
      'input[caller]': 'Rory Requester',
      'input[category]': 'Software',
      'input[impact]': '1',
      'input[urgency]': '2',
      'input[cis]': 'Web Server',
    });
    const response = await fetch('/api/incidents/open', { method: 'POST', body });
    return response.json();
  }, title);
}

test('the KPI dashboard shows every KPI with its target, live, and exports and prints', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, 'lena@demo.trellis', '/reports');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  for (const [area, labels] of KPIS) {
    const section = page.getByRole('region', { name: area });
    for (const label of labels) {
      const card = section.getByRole('article', { name: label, exact: true });
      await expect(card).toBeVisible();
      await expect(card.getByText(/^Target [≥<] /)).toBeVisible();
      // Colour, icon and word: met, missed or nothing to measure yet.
      await expect(card.locator('.status')).toHaveText(/Met|Missed|No data/);
      await expect(card.getByRole('img', { name: `${label}: trend; the figures follow` })).toBeVisible();
    }
  }
  await expect(page.locator('.kpi-card')).toHaveCount(12);

  // Sam logs an incident elsewhere; the backlog here counts it without a reload.
  const backlog = page.getByRole('article', { name: 'Incident backlog' }).locator('.kpi-figure');
  const before = Number(await backlog.textContent());
  const other = await browser.newContext();
  const sam = await other.newPage();
  await signIn(sam, 'sam@demo.trellis', '/incidents');
  const number = await logIncident(sam, 'Checkout fails for some cards');
  expect(number).toMatch(/^INC\d{7}$/);
  await expect(backlog).toHaveText(String(before + 1), { timeout: 15_000 });

  // The records behind it name the new incident.
  await page.getByRole('article', { name: 'Incident backlog' }).getByRole('link', { name: 'Records behind it' }).click();
  await page.waitForURL(/\/reports\/kpi\/incident_backlog\?from=/);
  const records = page.getByRole('table', { name: 'Records behind the figure' });
  await expect(records.getByRole('link', { name: number })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Incident backlog: trend; the figures follow' })).toBeVisible();

  // The dashboard's CSV has a row per KPI with its target and figure.
  await page.getByRole('link', { name: 'Reports', exact: true }).first().click();
  await page.waitForURL(/\/reports$/);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const file = await (await download).path();
  const csv = require('fs').readFileSync(file, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('Area,KPI,Target,Actual,Met,From,To');
  expect(csv).toHaveLength(13);
  for (const [area, labels] of KPIS) {
    for (const label of labels) {
      expect(csv.some((row) => row.startsWith(`${area},${label},`))).toBe(true);
    }
  }
  expect(csv.find((row) => row.startsWith('Incidents,Incident backlog,'))).toContain(`,< 50,${before + 1},Yes,`);
  await page.screenshot({ path: '../docs/reports.png', fullPage: true });

  // On paper: the title, the period and when it was made; no controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print-header')).toBeVisible();
  await expect(page.locator('.print-header')).toContainText('Trellis · Key figures');
  await expect(page.locator('.print-header')).toContainText(/Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await expect(page.locator('.report-bar')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // The incident shows its SLA clocks.
  await sam.goto(`${base()}/incidents/${number}`);
  const clocks = sam.getByRole('region', { name: /^SLA · / });
  await expect(clocks).toContainText('SLA · Database Service');
  await expect(clocks.locator('[data-clock="response"]')).toContainText('On track');
  await expect(clocks.locator('[data-clock="resolution"]')).toContainText(/of 8h business time · Due /);
  await expect(clocks.getByRole('progressbar', { name: /Resolution clock/ })).toBeVisible();
  await other.close();
});

test('a Service Level Manager agrees and changes SLAs, and sees availability', async ({ page }) => {
  await signIn(page, 'lena@demo.trellis', '/reports/slas');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const table = page.getByRole('table', { name: 'SLAs' });
  await expect(table.getByRole('row', { name: /Website Hosting/ })).toContainText('99.9 % monthly');

  // A new SLA for the one service without: a wrong time zone is named, then fixed.
  const form = page.getByRole('form', { name: 'SLA' });
  await form.getByLabel('Business service').selectOption({ label: 'Network Security' });
  await form.getByLabel('Availability target (%)').fill('99.99');
  await form.getByLabel('Business hours (such as Mon-Fri 08:00-18:00, or 24x7)').fill('24x7');
  await form.getByLabel('Time zone').fill('Europe/Atlantis');
  await form.getByLabel('P1 response').fill('10m');
  await form.getByLabel('P1 resolution').fill('2h');
  await form.getByRole('button', { name: 'Save SLA' }).click();
  await expect(form.getByText('“Europe/Atlantis” is not a time zone')).toBeVisible();
  await form.getByLabel('Time zone').fill('Europe/Berlin');
  await form.getByRole('button', { name: 'Save SLA' }).click();
  const row = table.getByRole('row', { name: /Network Security/ });
  await expect(row).toContainText('99.99 % monthly');
  await expect(row).toContainText('P1 10m');
  await expect(row).toContainText('24x7 (Europe/Berlin)');

  // Changing one: the form comes back with its terms.
  await table.getByRole('button', { name: 'Edit the SLA of Internal Application' }).click();
  const edit = page.getByRole('form', { name: 'SLA' });
  await expect(edit.getByLabel('Business hours (such as Mon-Fri 08:00-18:00, or 24x7)')).toHaveValue('Mon-Fri 08:00-18:00');
  await edit.getByLabel('Availability target (%)').fill('99.7');
  await edit.getByRole('button', { name: 'Save SLA' }).click();
  await expect(table.getByRole('row', { name: /Internal Application/ })).toContainText('99.7 % monthly');

  // Availability against the SLAs, from the status history.
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Availability' }).click();
  await page.waitForURL(/\/reports\/availability$/);
  // The last sixty days, whatever today's date: the demo history has an outage in them.
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('From').fill(day(-60));
  await page.getByLabel('To (not included)').fill(day(1));
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/\/reports\/availability\?from=/);
  const services = page.getByRole('table', { name: 'Availability per business service' });
  const website = services.getByRole('row', { name: /Website Hosting/ });
  await expect(website).toContainText('2.0 h');
  await expect(website.locator('.status')).toHaveText(/Met|Missed/);
  await expect(services.getByRole('row', { name: /Internal Application/ }).locator('.status')).toHaveText(/Met|Missed/);
  await page.screenshot({ path: '../docs/availability.png', fullPage: true });
});

test('an improvement is recorded and moved along its steps, and the maturity is scored', async ({ page }) => {
  await signIn(page, 'lena@demo.trellis', '/reports/improvements');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'Improvement' });
  await form.getByLabel('Title').fill('Resolve more at first contact');
  await form.getByLabel('Source').selectOption({ label: 'A KPI missing its target' });
  await form.getByLabel('Which KPI, problem or review').fill('first_contact');
  await form.getByLabel('Expected benefit').fill('First-contact resolution above 70 %');
  await form.getByLabel('Cost').fill('2500');
  await form.getByLabel('Owner').selectOption({ label: 'Lena Service Level' });
  await form.getByRole('button', { name: 'Save improvement' }).click();
  await page.waitForURL(/\/reports\/improvements\/CSI\d{7}$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const stage = page.locator('[data-field="stage"]');
  await expect(stage).toContainText('1. Identify the strategy for improvement');
  await page.getByRole('button', { name: 'On to 2. Define what you will measure' }).click();
  await expect(stage).toContainText('2. Define what you will measure');
  await expect(page.getByRole('progressbar', { name: 'Stage 2 of 7' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('1. Identify the strategy for improvement');

  await page.goto(`${base()}/reports/maturity`);
  await expect(page.getByRole('heading', { name: /^Maturity level \d: / })).toBeVisible();
  const defined = page.getByRole('region', { name: 'Level 3: Defined' });
  await expect(defined).toContainText(/SLAs defined for \d of \d services/);
  await expect(defined.locator('.status').first()).toHaveText(/Met|Not yet/);
  await page.screenshot({ path: '../docs/maturity.png', fullPage: true });
});
