/** Made-up but stable weather: the same city gives the same answer within an hour (no outside service needed). */
const conditions = ['sunny', 'partly cloudy', 'cloudy', 'light rain', 'rain', 'windy', 'fog', 'snow'] as const;

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function weatherFor(city: string, now = Date.now()) {
  const name = city.trim().slice(0, 80);
  const hour = Math.floor(now / 3_600_000);
  const seed = seedOf(`${name.toLowerCase()}:${hour}`);
  return {
    city: name,
    temperatureC: Math.round(((seed % 400) / 10 - 5) * 10) / 10,
    conditions: conditions[seed % conditions.length],
    humidity: 30 + (seed % 60),
    observedAt: new Date(hour * 3_600_000).toISOString(),
  };
}
