import { startWeatherApi } from '@/examples/weather-api/server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm run dev` starts the example product API once the portal answers (next dev compiles the verifier
 * routes on their first request, so the first snapshot can take a while). It never stops the portal: a
 * port in use or a portal that does not come up is a warning.
 */
export function startWeatherApiWhenPortalIsUp(options: { portalUrl: string; credential: string }): void {
  const port = Number(process.env.WEATHER_API_PORT ?? 4100);
  void (async () => {
    const deadline = Date.now() + 180_000;
    let lastError = '';
    while (Date.now() < deadline) {
      try {
        const ready = await fetch(`${options.portalUrl}/api/health`);
        if (ready.ok) {
          const api = await startWeatherApi({ portalUrl: options.portalUrl, credential: options.credential, port });
          console.log(
            `\nWeather API (examples/weather-api, keys checked in-process): http://localhost:${port}/api/v1/weather?city=London\n` +
              `  curl -H "x-api-key: <a key you create in the portal>" "http://localhost:${port}/api/v1/weather?city=London"\n` +
              `  Each call shows in the portal's usage a second later. Status: ${api.url}/healthz\n`,
          );
          return;
        }
        lastError = `portal answered ${ready.status}`;
      } catch (error) {
        lastError = (error as Error).message;
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') break;
      }
      await sleep(2_000);
    }
    console.warn(`[weather-api] not started (${lastError}); start it by hand: see examples/weather-api/README.md`);
  })();
}
