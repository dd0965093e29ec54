import { createHash } from 'node:crypto';
import { randomBase62 } from '@/lib/ids';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** 32 base62 characters (≈190 bits); only the SHA-256 is stored, like API keys. */
export function newInviteToken(): { token: string; hash: string } {
  const token = randomBase62(32);
  return { token, hash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function inviteLink(origin: string | null | undefined, token: string): string {
  const base = process.env.PORTAL_URL ?? process.env.AUTH_URL ?? origin ?? 'http://localhost:3000';
  return `${base.replace(/\/+$/, '')}/invite/${token}`;
}
