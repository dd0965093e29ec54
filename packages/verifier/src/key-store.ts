import { compileAllowlist, type IpMatcher } from './cidr';
import type { Change, Snapshot, SyncedKey, SyncedOrganization, VerifiedKey, VerifiedOrganization } from './types';

/** A key as held in memory: what verify reads, prepared once per change (allowlist compiled, answers built). */
export interface KeyEntry {
  synced: SyncedKey;
  scopes: ReadonlySet<string>;
  ipAllowed: IpMatcher;
  hasAllowlist: boolean;
  answer: VerifiedKey;
}

export interface OrganizationEntry {
  synced: SyncedOrganization;
  answer: VerifiedOrganization;
}

function keyEntry(key: SyncedKey): KeyEntry {
  return {
    synced: key,
    scopes: new Set(key.scopes),
    ipAllowed: compileAllowlist(key.ipAllowlist),
    hasAllowlist: key.ipAllowlist.length > 0,
    answer: { id: key.id, name: key.name, prefix: key.prefix, environment: key.environment, scopes: key.scopes, expiresAt: key.expiresAt },
  };
}

function organizationEntry(organization: SyncedOrganization): OrganizationEntry {
  const { id, name, slug, status, supportTier } = organization;
  return { synced: organization, answer: { id, name, slug, status, supportTier } };
}

/** The synced keys (by peppered hash and by id) and organizations, at `seq`. */
export class KeyStore {
  seq = 0;
  private byHash = new Map<string, KeyEntry>();
  private byId = new Map<string, KeyEntry>();
  private organizations = new Map<string, OrganizationEntry>();

  load(snapshot: Snapshot): void {
    const byHash = new Map<string, KeyEntry>();
    const byId = new Map<string, KeyEntry>();
    const organizations = new Map<string, OrganizationEntry>();
    for (const organization of snapshot.organizations) organizations.set(organization.id, organizationEntry(organization));
    for (const key of snapshot.keys) {
      const entry = keyEntry(key);
      byHash.set(key.hash, entry);
      byId.set(key.id, entry);
    }
    // Swapped at once: verify never sees half a snapshot.
    this.byHash = byHash;
    this.byId = byId;
    this.organizations = organizations;
    this.seq = snapshot.seq;
  }

  apply(change: Change): void {
    this.organizations.set(change.organization.id, organizationEntry(change.organization));
    if (change.kind === 'key') {
      const previous = this.byId.get(change.key.id);
      if (previous && previous.synced.hash !== change.key.hash) this.byHash.delete(previous.synced.hash);
      const entry = keyEntry(change.key);
      this.byHash.set(change.key.hash, entry);
      this.byId.set(change.key.id, entry);
    }
    if (change.seq > this.seq) this.seq = change.seq;
  }

  byPepperedHash(hash: string): KeyEntry | undefined {
    return this.byHash.get(hash);
  }

  organization(id: string): OrganizationEntry | undefined {
    return this.organizations.get(id);
  }

  key(id: string): KeyEntry | undefined {
    return this.byId.get(id);
  }

  get keyCount(): number {
    return this.byId.size;
  }

  get organizationCount(): number {
    return this.organizations.size;
  }
}
