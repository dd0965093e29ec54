import type { z } from 'zod';
import type { Transaction } from '@/db';
import type { AfterCommit } from '@/db/with-transaction';
import type { Actor, UserActor } from '@/lib/auth/actor';
import type { PolicyAction, PolicyResource } from '@/lib/auth/policy';
import type { AuditActor, AuditEntry, RequestMeta } from '@/lib/audit/write-audit-log';

/** What `useActionState` receives back from every server action; `data` is typed by the spec's `data`. */
export type ActionResult<TData = unknown> = { ok: true; message?: string; data?: TData } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/**
 * A server action as `defineAction` builds it, for `useActionState` and for the props that take one.
 * Declared as a method so that an action with typed data also fits where any action is taken.
 */
export type FormAction<TData = unknown> = {
  action(previous: ActionResult<TData> | null, formData: FormData): Promise<ActionResult<TData>>;
}['action'];

/** The data a server action hands back on success: `ActionData<typeof revealSecret>`. */
export type ActionData<TAction> = TAction extends FormAction<infer TData> ? TData : never;

export interface ActionContext<TInput> {
  input: TInput;
  tx: Transaction;
  meta: RequestMeta;
  /** Queue work for after the commit (cache invalidation); it never runs if the transaction fails. */
  afterCommit: AfterCommit;
}

interface SpecBase<TSchema extends z.ZodType, TResult, TData> {
  /** For logs. */
  name: string;
  input: TSchema;
  /** The success message shown by the form. */
  message?: string | ((result: TResult) => string);
  /** Data handed back to the form (never secrets unless meant to be shown once); typed for the form by `TData`. */
  data?: (result: TResult) => TData;
}

/** An action anyone may call, signed in or not (sign-up). */
export interface PublicActionSpec<TSchema extends z.ZodType, TResult, TData = unknown> extends SpecBase<TSchema, TResult, TData> {
  access: 'public';
  run: (ctx: ActionContext<z.output<TSchema>> & { actor: Actor | null }) => Promise<TResult>;
  /** The audit row(s), written in the same transaction; null when there is nothing to record. */
  audit: (result: TResult, input: z.output<TSchema>) => AuditEntry | AuditEntry[] | null;
  /** Who the trail names when nobody is signed in (e.g. the account the action just made). */
  auditActor?: (result: TResult) => AuditActor;
}

/** An action of a signed-in user: the policy is asked before `run`. */
export interface UserActionSpec<TSchema extends z.ZodType, TResult, TData = unknown> extends SpecBase<TSchema, TResult, TData> {
  access: 'user';
  /**
   * Which policy action on which resource. It runs inside the transaction, so it may load
   * the resource (to learn its organization) with `tx`. `'self'` is for the actor's own account.
   */
  policy: (
    input: z.output<TSchema>,
    actor: UserActor,
    tx: Transaction,
  ) => Promise<{ action: PolicyAction; resource: PolicyResource } | 'self'> | { action: PolicyAction; resource: PolicyResource } | 'self';
  run: (ctx: ActionContext<z.output<TSchema>> & { actor: UserActor }) => Promise<TResult>;
  audit: (result: TResult, input: z.output<TSchema>, actor: UserActor) => AuditEntry | AuditEntry[] | null;
}

/**
 * An action any caller may run: a person in the portal, an API key through `/api/v1`, or the system
 * (ops commands). The same spec, the same policy, the same audit rows, whoever calls.
 */
export interface ActorActionSpec<TSchema extends z.ZodType, TResult, TData = unknown> extends SpecBase<TSchema, TResult, TData> {
  access: 'actor';
  policy: (
    input: z.output<TSchema>,
    actor: Actor,
    tx: Transaction,
  ) => Promise<{ action: PolicyAction; resource: PolicyResource }> | { action: PolicyAction; resource: PolicyResource };
  run: (ctx: ActionContext<z.output<TSchema>> & { actor: Actor }) => Promise<TResult>;
  audit: (result: TResult, input: z.output<TSchema>, actor: Actor) => AuditEntry | AuditEntry[] | null;
}

export type ActionSpec<TSchema extends z.ZodType = z.ZodType, TResult = unknown, TData = unknown> =
  PublicActionSpec<TSchema, TResult, TData> | UserActionSpec<TSchema, TResult, TData> | ActorActionSpec<TSchema, TResult, TData>;
