export { createVerifier, type Verifier, type VerifierOptions, type VerifierStatus } from './verifier';
export { expressMiddleware, fastifyHook, nodeHandler, refusal, verifyNodeRequest, withVerifier, type GuardOptions } from './middleware';
export { isWellFormedApiKey, readApiKey } from './key-format';
export { compileAllowlist } from './cidr';
export type {
  VerificationCode,
  VerifiedKey,
  VerifiedOrganization,
  VerifyContext,
  VerifyResult,
  RateLimitState,
  Snapshot,
  Change,
  SyncedKey,
  SyncedOrganization,
} from './types';
export { statusOfCode } from './types';
