import { expect, test, type Request } from './fixtures';
import { demo, mainNav, signIn } from './support';

test.describe('security', () => {
  test('health answers 200 with the database up', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  test('pages carry the security headers', async ({ request }) => {
    const response = await request.get('/login');
    const headers = response.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security']).toContain('max-age=');
    expect(headers['x-powered-by']).toBeUndefined();
  });

  test('the session cookie is HttpOnly, Secure and SameSite in production', async ({ page, context }) => {
    await signIn(page, demo.developer);
    const session = (await context.cookies()).find((c) => c.name.includes('authjs.session-token'));
    expect(session).toBeDefined();
    expect(session).toMatchObject({ name: '__Secure-authjs.session-token', httpOnly: true, secure: true, sameSite: 'Lax' });
  });

  test('a developer cannot open a staff page: it is a 404', async ({ page, consoleGuard }) => {
    // This test opens a not-found page on purpose: Chromium logs its 404.
    consoleGuard.allow(/status of 404/);
    await signIn(page, demo.developer);
    const response = await page.goto('/partners');
    expect(response?.status()).toBe(404);
    await expect(mainNav(page).getByRole('link', { name: 'Partners' })).toHaveCount(0);
  });

  test("a developer's crafted POST to the staff-only approve action is refused and writes nothing", async ({ browser, consoleGuard }) => {
    // The admin's own request is aborted on purpose (it is captured to be replayed): the page reports the failed fetch.
    consoleGuard.allow(/^(TypeError: Failed to fetch|Failed to load resource: net::ERR_FAILED)/);
    // 1. Capture the exact request the admin's "Approve" button sends for the pending org Globex, without letting it through.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, demo.admin);
    await admin.goto('/partners?status=pending');
    const row = admin.getByRole('row', { name: /Globex/ });
    await expect(row).toBeVisible();
    let captured: Request | undefined;
    await admin.route('**/*', async (route) => {
      if (route.request().method() === 'POST' && route.request().headers()['next-action']) {
        captured = route.request();
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await row.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => captured).toBeDefined();
    await admin.unroute('**/*');

    // 2. Replay it byte for byte with a developer's session.
    const developerContext = await browser.newContext();
    const developer = await developerContext.newPage();
    await signIn(developer, demo.developer);
    const headers = Object.fromEntries(Object.entries(captured!.headers()).filter(([name]) => !['cookie', 'host', 'content-length'].includes(name)));
    const response = await developerContext.request.post(captured!.url(), { headers, data: captured!.postDataBuffer() ?? undefined });
    const body = await response.text();
    expect(response.status()).toBeLessThan(500);
    expect(body).toContain('Not found');
    expect(body).not.toContain('is approved');
    expect(body).not.toMatch(/at \w+ \(|\.ts:\d+/); // no stack trace

    // 3. Globex is still pending, and no approval was recorded.
    await admin.goto('/partners?status=pending');
    await expect(admin.getByRole('row', { name: /Globex/ })).toContainText(/pending/i);
    await admin.goto('/audit?q=partner.approve');
    await expect(admin.getByRole('row', { name: /partner\.approve/ })).toHaveCount(0);

    await adminContext.close();
    await developerContext.close();
  });
});
