import { like } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { partners } from '@/db/schema';

/** A URL-safe slug from a name: `Café Münster, Inc.` → `cafe-munster-inc`. */
export function slugify(name: string, { maxLength = 48, fallback = 'org' } = {}): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** `acme`, then `acme-2`, `acme-3`… for the first one not taken. */
export async function uniquePartnerSlug(db: Queryable, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (await db.select({ slug: partners.slug }).from(partners).where(like(partners.slug, `${base}%`))).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
