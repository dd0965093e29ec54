import 'server-only';
import type { Queryable } from '@/db';
import { auditLogs, type ActorType } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { newId } from '@/lib/ids';

export interface AuditEntry {
  /** `key.create`, `partner.approve`, `member.role_change`, … */
  action: string;
  partnerId: string | null;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** `https://portal.example.com`, for links in emails; absent outside a request. */
  origin?: string | null;
  /** The server-side session of the request (the one a password change keeps); absent outside a request. */
  sessionId?: string | null;
}

export type AuditActor =
  | Actor
  | { kind: 'api_key'; keyId: string; label: string }
  /** A user who has no session yet (they just signed up). */
  | { kind: 'new_user'; userId: string; email: string }
  | { kind: 'system'; label: string }
  | { kind: 'anonymous'; label: string };

function describeActor(actor: AuditActor): { actorType: ActorType; actorId: string | null; actorLabel: string } {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId, actorLabel: actor.email };
    case 'key':
      return { actorType: 'api_key', actorId: actor.keyId, actorLabel: actor.tokenPrefix };
    case 'api_key':
      return { actorType: 'api_key', actorId: actor.keyId, actorLabel: actor.label };
    case 'new_user':
      return { actorType: 'user', actorId: actor.userId, actorLabel: actor.email };
    case 'system':
    case 'anonymous':
      return { actorType: 'system', actorId: null, actorLabel: actor.label };
  }
}

/** Call with the transaction of the change, so that the change and its trail commit or fail together. */
export async function writeAuditLog(tx: Queryable, actor: AuditActor, entry: AuditEntry, meta: RequestMeta): Promise<void> {
  await tx.insert(auditLogs).values({
    id: newId('aud'),
    ...describeActor(actor),
    partnerId: entry.partnerId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    metadata: entry.metadata ?? {},
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
  });
}
