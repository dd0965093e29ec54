import type { NextConfig } from 'next';

const isDev = process.env.NODE_ENV === 'development';

// Next.js inlines its bootstrap scripts, hence 'unsafe-inline' for scripts (nonces would force every
// page to render dynamically through the proxy); everything else is locked to our own origin.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  `connect-src 'self'${isDev ? ' ws: wss:' : ''}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  ...(isDev ? [] : [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and WASM packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'],
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  // The build checks the app's types only; `npm run typecheck` checks tests, e2e and scripts as well.
  typescript: { tsconfigPath: 'tsconfig.app.json' },
  async rewrites() {
    // A doc's raw Markdown sits beside its page (`/docs/v1/quickstart.md`); its handler lives under /api.
    return { beforeFiles: [{ source: '/docs/:version/:slug.md', destination: '/api/docs-markdown/:version/:slug' }], afterFiles: [], fallback: [] };
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
