// Signing in through the real sign-in page, which works with and without JavaScript.
const { expect } = require('@playwright/test');

const base = () => process.env.BASE_URL;
const DEMO_PASSWORD = 'trellis-demo';

async function signIn(page, email, next = '/cis', password = DEMO_PASSWORD) {
  await page.goto(`${base()}/login?next=${encodeURIComponent(next)}`);
  const form = page.getByRole('form', { name: 'Sign in to Trellis' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname + url.search === next);
}

module.exports = { base, signIn, DEMO_PASSWORD };
