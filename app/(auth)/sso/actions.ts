'use server';

import { defineAction } from '@/lib/actions/define-action';
import { confirmDomainSpec } from '@/lib/identity/sso-domains';

// The button of the mailed link: whoever reads mail at the domain proves the organization controls it.
export const confirmDomain = defineAction(confirmDomainSpec);
