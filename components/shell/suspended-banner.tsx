import { Ban } from 'lucide-react';

export function SuspendedBanner() {
  return (
    <div className="border-b border-red-200 bg-red-50 px-4 py-3 sm:px-6 lg:px-8">
      <p className="flex items-start gap-2 text-sm font-medium text-red-800">
        <Ban aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        Your organization is suspended: the portal is read-only and its API keys are refused.
      </p>
    </div>
  );
}
