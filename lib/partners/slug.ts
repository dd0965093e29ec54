import { like } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { partners } from '@/db/schema';
import { slugify } from '@/lib/text/slugify';

export { slugify };

/** `acme`, then `acme-2`, `acme-3`… for the first one not taken. */
export async function uniquePartnerSlug(db: Queryable, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await db
        .select({ slug: partners.slug })
        .from(partners)
        .where(like(partners.slug, `${base}%`))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
