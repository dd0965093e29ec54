// The V8 flags of the production server process (`npm start`, and the servers of the tests and benchmarks,
// so that what is measured is what runs). A young generation of 32 MB semi-spaces instead of V8's default
// 16 MB: a server allocates a few KB per request, and with the small default most of a request's objects
// (and the metered records held until the next flush) are scavenged more often and some promoted to the
// old generation. Measured with `npm run bench:guard`: ~10% more requests per second on both variants and
// the guard's own CPU per request down from 75 to 20 µs. It costs up to ~64 MB more resident memory.
// SERVER_NODE_FLAGS replaces them (an empty value: V8's defaults).
export const serverNodeFlags = (): string[] =>
  process.env.SERVER_NODE_FLAGS !== undefined ? process.env.SERVER_NODE_FLAGS.split(/\s+/).filter(Boolean) : ['--max-semi-space-size=32'];
