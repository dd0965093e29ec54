import 'server-only';
import { db } from '@/db';
import { listFactors, type FactorSummary } from './factors';
import { listPasskeys, type PasskeySummary } from './passkeys';
import { unusedRecoveryCodeCount } from './recovery-codes';
import { twoFactorStatus } from './two-factor-policy';

export interface TwoFactorOverview {
  factors: FactorSummary[];
  passkeys: PasskeySummary[];
  recoveryCodesLeft: number;
  /** Whether a policy (staff, organization) requires the user to keep a factor. */
  required: boolean;
}

/** For the account page: the signed-in person's factors (apps and passkeys) and what their policy requires. */
export async function twoFactorOverview(actor: { userId: string }): Promise<TwoFactorOverview> {
  const [factors, passkeys, recoveryCodesLeft, status] = await Promise.all([
    listFactors(db, actor.userId),
    listPasskeys(db, actor.userId),
    unusedRecoveryCodeCount(db, actor.userId),
    twoFactorStatus(db, actor.userId),
  ]);
  return { factors, passkeys, recoveryCodesLeft, required: status.required };
}
