'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';

// No redirect after create or rotate: the secret is in the action's result, and only the form that
// received it may show it (once).

export const createKey = defineAction(createKeySpec, {
  after() {
    revalidatePath('/keys');
    revalidatePath('/');
  },
});

export const rotateKey = defineAction(rotateKeySpec, {
  after({ old, key }) {
    revalidatePath('/keys');
    revalidatePath(`/keys/${old.id}`);
    revalidatePath(`/keys/${key.id}`);
    revalidatePath('/');
  },
});

export const revokeKey = defineAction(revokeKeySpec, {
  after(key) {
    revalidatePath('/keys');
    revalidatePath(`/keys/${key.id}`);
    revalidatePath('/');
  },
});
