import { resolveTxt } from 'node:dns/promises';

/**
 * How an organization proves it owns an email domain. Here: a link mailed to an address at the domain
 * (lib/identity/sso-domains.ts). Deployments that can reach DNS may also use `dnsTxtOwnership`.
 */
export interface DomainOwnershipCheck {
  /** Whether the domain carries the proof for this token. */
  verify(domain: string, token: string): Promise<boolean>;
}

/** A TXT record `partner-portal-verification=<token>` on the domain. */
export const dnsTxtOwnership: DomainOwnershipCheck = {
  async verify(domain, token) {
    try {
      const records = await resolveTxt(domain);
      return records.some((chunks) => chunks.join('') === `partner-portal-verification=${token}`);
    } catch {
      return false;
    }
  },
};
