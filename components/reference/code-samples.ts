import { curlCommand } from './curl-command';

/** One request, as every sample shows it: the key always comes from the `PORTAL_API_KEY` environment variable, never the page. */
export interface SampleRequest {
  method: string;
  url: string;
  needsKey: boolean;
  headers: [string, string][];
  body: string | null;
}

export const sampleLanguages = [
  { id: 'curl', label: 'curl' },
  { id: 'javascript', label: 'JavaScript' },
  { id: 'python', label: 'Python' },
  { id: 'go', label: 'Go' },
] as const;
export type SampleLanguage = (typeof sampleLanguages)[number]['id'];

export function isSampleLanguage(value: unknown): value is SampleLanguage {
  return sampleLanguages.some((l) => l.id === value);
}

const jsString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const jsKey = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : jsString(name));

function parseJson(body: string | null): { ok: true; value: unknown } | { ok: false } {
  if (body === null) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** JavaScript (fetch, Node 18+ or a browser). */
export function javascriptSample(r: SampleRequest): string {
  const headers: string[] = [];
  if (r.needsKey) headers.push('    Authorization: `Bearer ${process.env.PORTAL_API_KEY}`,');
  for (const [name, value] of r.headers) headers.push(`    ${jsKey(name)}: ${jsString(value)},`);
  const options: string[] = [];
  if (r.method !== 'GET') options.push(`  method: '${r.method}',`);
  if (headers.length) options.push('  headers: {', ...headers, '  },');
  if (r.body !== null) {
    const json = parseJson(r.body);
    options.push(json.ok ? `  body: JSON.stringify(${JSON.stringify(json.value, null, 2).replace(/\n/g, '\n  ')}),` : `  body: ${jsString(r.body)},`);
  }
  const call = options.length ? `await fetch(${jsString(r.url)}, {\n${options.join('\n')}\n})` : `await fetch(${jsString(r.url)})`;
  return `const response = ${call};\nconsole.log(response.status, await response.text());`;
}

const pyString = (value: string) => JSON.stringify(value);

/** A JSON value as a Python literal (True/False/None; strings in JSON's escaping, which Python reads the same). */
function pythonLiteral(value: unknown, indent: string): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${pythonLiteral(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)},`).join('\n')}\n${indent}}`;
}

/** Python (requests). */
export function pythonSample(r: SampleRequest): string {
  const args = [`    ${pyString(r.url)},`];
  const headers: string[] = [];
  if (r.needsKey) headers.push(`        "Authorization": f"Bearer {os.environ['PORTAL_API_KEY']}",`);
  const json = parseJson(r.body);
  // `json=` sets the content type itself.
  for (const [name, value] of r.headers)
    if (!(json.ok && name.toLowerCase() === 'content-type')) headers.push(`        ${pyString(name)}: ${pyString(value)},`);
  if (headers.length) args.push('    headers={', ...headers, '    },');
  if (r.body !== null) args.push(json.ok ? `    json=${pythonLiteral(json.value, '    ')},` : `    data=${pyString(r.body)},`);
  const imports = r.needsKey ? 'import os\n\nimport requests' : 'import requests';
  return `${imports}\n\nresponse = requests.${r.method.toLowerCase()}(\n${args.join('\n')}\n)\nprint(response.status_code, response.text)`;
}

const goString = (value: string) => (value.includes('`') ? JSON.stringify(value) : `\`${value}\``);

/** Go (net/http, standard library only). */
export function goSample(r: SampleRequest): string {
  const imports = ['"fmt"', '"io"', '"net/http"'];
  if (r.needsKey) imports.push('"os"');
  if (r.body !== null) imports.push('"strings"');
  const lines: string[] = [];
  if (r.body !== null) lines.push(`\tbody := strings.NewReader(${goString(r.body)})`);
  lines.push(`\treq, err := http.NewRequest(${JSON.stringify(r.method)}, ${JSON.stringify(r.url)}, ${r.body !== null ? 'body' : 'nil'})`);
  lines.push('\tif err != nil {', '\t\tpanic(err)', '\t}');
  if (r.needsKey) lines.push('\treq.Header.Set("Authorization", "Bearer "+os.Getenv("PORTAL_API_KEY"))');
  for (const [name, value] of r.headers) lines.push(`\treq.Header.Set(${JSON.stringify(name)}, ${JSON.stringify(value)})`);
  lines.push('\tres, err := http.DefaultClient.Do(req)', '\tif err != nil {', '\t\tpanic(err)', '\t}', '\tdefer res.Body.Close()');
  lines.push('\tout, _ := io.ReadAll(res.Body)', '\tfmt.Println(res.Status, string(out))');
  return `package main\n\nimport (\n${imports
    .sort()
    .map((i) => `\t${i}`)
    .join('\n')}\n)\n\nfunc main() {\n${lines.join('\n')}\n}`;
}

export function codeSample(language: SampleLanguage, request: SampleRequest): string {
  switch (language) {
    case 'curl':
      return curlCommand(request);
    case 'javascript':
      return javascriptSample(request);
    case 'python':
      return pythonSample(request);
    case 'go':
      return goSample(request);
  }
}
