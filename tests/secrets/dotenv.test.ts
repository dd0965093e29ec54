import { describe, expect, it } from 'vitest';
import { parseDotenv, serializeDotenv } from '@/lib/secrets/dotenv';

const values = (text: string) => Object.fromEntries(parseDotenv(text).entries.map((e) => [e.name, e.value]));

const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  'NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ==',
  '-----END PRIVATE KEY-----',
].join('\n');

describe('parseDotenv', () => {
  it('reads NAME=value lines, skipping blank lines and full-line comments', () => {
    const result = parseDotenv('# database\nDATABASE_URL=postgres://u:p@db:5432/app\n\n   # indented comment\nPORT=3000\n');
    expect(result.errors).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.entries).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://u:p@db:5432/app', line: 2 },
      { name: 'PORT', value: '3000', line: 5 },
    ]);
  });

  it('ignores an `export ` prefix (spaces or tabs after it)', () => {
    expect(values('export API_TOKEN=abc\nexport\tOTHER=1\n  export   SPACED=x')).toEqual({ API_TOKEN: 'abc', OTHER: '1', SPACED: 'x' });
  });

  it('tolerates whitespace around = and trims unquoted values', () => {
    expect(values('A = 1\nB\t=\t two words  \n  C=3   ')).toEqual({ A: '1', B: 'two words', C: '3' });
  });

  it('reads empty values: NAME=, NAME="" and NAME=\'\'', () => {
    const result = parseDotenv('EMPTY=\nEMPTY_DQ=""\nEMPTY_SQ=\'\'\nEMPTY_SPACES=   \nEMPTY_COMMENT= # to do');
    expect(result.errors).toEqual([]);
    expect(values('EMPTY=\nEMPTY_DQ=""\nEMPTY_SQ=\'\'\nEMPTY_SPACES=   \nEMPTY_COMMENT= # to do')).toEqual({
      EMPTY: '',
      EMPTY_DQ: '',
      EMPTY_SQ: '',
      EMPTY_SPACES: '',
      EMPTY_COMMENT: '',
    });
  });

  it('treats ` #` after an unquoted value as a comment, but keeps a # inside the value', () => {
    expect(values('A=value # a comment\nB=abc#def\nC=#ffffff\nD=pa ss\t# tab comment\nE=x#y #z')).toEqual({
      A: 'value',
      B: 'abc#def',
      C: '#ffffff',
      D: 'pa ss',
      E: 'x#y',
    });
  });

  it('keeps = signs after the first one in the value', () => {
    expect(values('TOKEN=abc==\nQUERY=a=1&b=2')).toEqual({ TOKEN: 'abc==', QUERY: 'a=1&b=2' });
  });

  it('reads single quotes literally: no escapes, # and $ kept, may span lines', () => {
    const result = parseDotenv("A='it\\n is # not a comment $HOME'\nB='line one\nline two'\nC=after");
    expect(result.errors).toEqual([]);
    expect(result.entries).toEqual([
      { name: 'A', value: 'it\\n is # not a comment $HOME', line: 1 },
      { name: 'B', value: 'line one\nline two', line: 2 },
      { name: 'C', value: 'after', line: 4 },
    ]);
  });

  it('reads backticks like single quotes', () => {
    expect(values('A=`say "hi" and \'bye\' \\n`\nB=`x\ny`')).toEqual({ A: 'say "hi" and \'bye\' \\n', B: 'x\ny' });
  });

  it('reads double quotes with the escapes \\n \\r \\t \\" \\\\ and keeps other backslashes', () => {
    expect(values('A="one\\ntwo"\nB="tab\\there"\nC="cr\\r"\nD="say \\"hi\\""\nE="back\\\\slash"\nF="C:\\path\\x"')).toEqual({
      A: 'one\ntwo',
      B: 'tab\there',
      C: 'cr\r',
      D: 'say "hi"',
      E: 'back\\slash',
      F: 'C:\\path\\x',
    });
  });

  it('reads a double-quoted value that spans lines (a PEM key pasted as is)', () => {
    const result = parseDotenv(`BEFORE=1\nPRIVATE_KEY="${PEM}"\nAFTER=2\n`);
    expect(result.errors).toEqual([]);
    expect(result.entries).toEqual([
      { name: 'BEFORE', value: '1', line: 1 },
      { name: 'PRIVATE_KEY', value: PEM, line: 2 },
      { name: 'AFTER', value: '2', line: 7 },
    ]);
  });

  it('allows whitespace and a comment after a closing quote', () => {
    expect(values('A="x y"   # note\nB=\'z\'#note\nC=  "  padded  "  ')).toEqual({ A: 'x y', B: 'z', C: '  padded  ' });
  });

  it('keeps quotes that do not open the value', () => {
    expect(values('A=abc"def"\nB=it\'s')).toEqual({ A: 'abc"def"', B: "it's" });
  });

  it('does not expand variables', () => {
    expect(values('HOST=db\nURL=postgres://${HOST}:5432\nRAW=$HOST\nDQ="${HOST}"')).toEqual({
      HOST: 'db',
      URL: 'postgres://${HOST}:5432',
      RAW: '$HOST',
      DQ: '${HOST}',
    });
  });

  it('reads CRLF files the same as LF files, including multi-line values', () => {
    const lf = `# c\nA=1\nB="x\ny"\nC='p\nq'\nD=4 # c\n`;
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(parseDotenv(crlf)).toEqual(parseDotenv(lf));
    expect(values(crlf)).toEqual({ A: '1', B: 'x\ny', C: 'p\nq', D: '4' });
  });

  it('ignores a byte-order mark and a missing final newline', () => {
    expect(values('\uFEFFA=1\nB=2')).toEqual({ A: '1', B: '2' });
  });

  it('keeps unicode as is', () => {
    expect(values('GREETING=héllo wörld ✓\nEMOJI="🔑 key"\nRTL=\'שלום\'')).toEqual({ GREETING: 'héllo wörld ✓', EMOJI: '🔑 key', RTL: 'שלום' });
  });

  it('reports an invalid name with its line number and keeps the other entries', () => {
    const result = parseDotenv('GOOD=1\n\n# c\nmy-key=2\n2FA=3\nAPI KEY=4\nALSO_GOOD=5');
    expect(result.entries.map((e) => e.name)).toEqual(['GOOD', 'ALSO_GOOD']);
    expect(result.errors).toEqual([
      { line: 4, message: 'Line 4: "my-key" is not a valid name: use A–Z, 0–9 and _, not starting with a digit' },
      { line: 5, message: 'Line 5: "2FA" is not a valid name: use A–Z, 0–9 and _, not starting with a digit' },
      { line: 6, message: 'Line 6: "API KEY" is not a valid name: use A–Z, 0–9 and _, not starting with a digit' },
    ]);
  });

  it('rejects lowercase names (names are upper case)', () => {
    const result = parseDotenv('database_url=x');
    expect(result.entries).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/^Line 1: "database_url" is not a valid name/);
  });

  it('reports a line without = and a missing name, without echoing the line', () => {
    const result = parseDotenv('A=1\nsk_live_51HxSECRETVALUE\n=orphan\nexport B\nC=3');
    expect(values('A=1\nsk_live_51HxSECRETVALUE\n=orphan\nexport B\nC=3')).toEqual({ A: '1', C: '3' });
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(result.errors[0]?.message).toBe('Line 2: expected NAME=value (no "=" on this line)');
    expect(result.errors[1]?.message).toBe('Line 3: a name is missing before "="');
    expect(result.errors[2]?.message).toBe('Line 4: "export B" has no value: write NAME=value');
    expect(JSON.stringify(result.errors)).not.toContain('SECRETVALUE');
    expect(JSON.stringify(result.errors)).not.toContain('orphan');
  });

  it('shortens a long "name" in an error (it may be a stray value)', () => {
    const junk = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
    const { errors } = parseDotenv(`${junk}=`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`"${junk.slice(0, 40)}…"`);
    expect(errors[0]!.message).not.toContain(junk);
  });

  it('skips the whole quoted value of an invalid name, so its inner lines are not read as entries', () => {
    const result = parseDotenv(`bad-name="line1\nINNER=not an entry"\nNEXT=1`);
    expect(result.entries).toEqual([{ name: 'NEXT', value: '1', line: 3 }]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.line).toBe(1);
  });

  it('reports an unclosed quote at the line where it opened, and reads nothing after it', () => {
    const result = parseDotenv('A=1\n\nKEY="starts here\nB=2\nC=3');
    expect(result.entries).toEqual([{ name: 'A', value: '1', line: 1 }]);
    expect(result.errors).toEqual([{ line: 3, message: 'Line 3: the double quote that opens the value of "KEY" is never closed' }]);
    expect(parseDotenv("X='abc").errors[0]?.message).toBe('Line 1: the single quote that opens the value of "X" is never closed');
    expect(parseDotenv('X=`abc').errors[0]?.message).toBe('Line 1: the backtick that opens the value of "X" is never closed');
    // An escaped quote does not close the value.
    expect(parseDotenv('X="abc\\"').errors[0]?.line).toBe(1);
  });

  it('reports text after a closing quote', () => {
    const result = parseDotenv('A="x"y\nB=2');
    expect(values('A="x"y\nB=2')).toEqual({ B: '2' });
    expect(result.errors).toEqual([
      { line: 1, message: 'Line 1: unexpected text after the closing quote of "A" (quote the whole value, or add a space before a # comment)' },
    ]);
  });

  it('keeps the last value of a duplicated name, at the first one’s position, and lists it once', () => {
    const result = parseDotenv('A=1\nB=2\nA=3\nC=4\nA=5\nB=6');
    expect(result.errors).toEqual([]);
    expect(result.duplicates).toEqual(['A', 'B']);
    expect(result.entries).toEqual([
      { name: 'A', value: '5', line: 5 },
      { name: 'B', value: '6', line: 6 },
      { name: 'C', value: '4', line: 4 },
    ]);
  });

  it('returns nothing for an empty or comment-only text', () => {
    expect(parseDotenv('')).toEqual({ entries: [], errors: [], duplicates: [] });
    expect(parseDotenv('\n\n# only a comment\n   \n')).toEqual({ entries: [], errors: [], duplicates: [] });
  });
});

describe('serializeDotenv', () => {
  it('writes one NAME=value line per entry, in the given order, with a final newline', () => {
    expect(
      serializeDotenv([
        { name: 'B', value: '2' },
        { name: 'A', value: 'postgres://u:p@db:5432/app?ssl=true'.replace('?ssl=true', '') },
      ]),
    ).toBe('B=2\nA=postgres://u:p@db:5432/app\n');
    expect(serializeDotenv([])).toBe('');
  });

  it('leaves empty values as NAME=', () => {
    expect(serializeDotenv([{ name: 'EMPTY', value: '' }])).toBe('EMPTY=\n');
  });

  it('double-quotes values with whitespace, #, quotes, =, $, backslashes or newlines, with escapes', () => {
    const out = serializeDotenv([
      { name: 'SPACE', value: 'two words' },
      { name: 'HASH', value: 'a#b' },
      { name: 'DQ', value: 'say "hi"' },
      { name: 'SQ', value: "it's" },
      { name: 'BT', value: 'a`b' },
      { name: 'EQ', value: 'a=b' },
      { name: 'DOLLAR', value: 'pa$word' },
      { name: 'BS', value: 'C:\\dir' },
      { name: 'NL', value: 'one\ntwo\r\n' },
      { name: 'PADDED', value: ' x ' },
    ]);
    expect(out).toBe(
      [
        'SPACE="two words"',
        'HASH="a#b"',
        'DQ="say \\"hi\\""',
        'SQ="it\'s"',
        'BT="a`b"',
        'EQ="a=b"',
        'DOLLAR="pa$word"',
        'BS="C:\\\\dir"',
        'NL="one\\ntwo\\r\\n"',
        'PADDED=" x "',
        '',
      ].join('\n'),
    );
  });

  it('writes a PEM key on one line', () => {
    const out = serializeDotenv([{ name: 'PRIVATE_KEY', value: PEM }]);
    expect(out.split('\n')).toHaveLength(2);
    expect(out.startsWith('PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\nMIIE')).toBe(true);
  });

  it('refuses an invalid name rather than writing a line that cannot be read back', () => {
    expect(() => serializeDotenv([{ name: 'bad-name', value: 'x' }])).toThrow(/not a valid name/);
  });

  it('round-trips tricky values exactly', () => {
    const tricky = [
      '',
      ' ',
      '   leading and trailing   ',
      '#',
      ' #not a comment',
      'a #b',
      '"',
      "'",
      '`',
      '""',
      "''",
      '"quoted"',
      "'quoted'",
      '`quoted`',
      '\\',
      '\\\\',
      '\\n',
      '\\"',
      'ends with backslash\\',
      '=',
      '==base64==',
      '$HOME',
      '${HOME}',
      '$$',
      '\n',
      '\r',
      '\r\n',
      '\n\n\n',
      'line1\nline2',
      'crlf\r\nline',
      '\t',
      'tab\tinside',
      '\u00a0nbsp\u00a0',
      'line\u2028separator',
      'nul\u0000byte',
      'esc\u001b[31m',
      'del\u007f',
      'héllo wörld',
      '🔑🔒 emoji 👩‍👩‍👧',
      'שלום עולם',
      '日本語のテキスト',
      'e\u0301 combining',
      'export X=1',
      'KEY=value\nOTHER=2',
      '# comment\n',
      PEM,
      `${PEM}\n`,
      'postgres://user:p%40ss@db.internal:5432/app?sslmode=require',
      'https://hooks.example.com/T000/B000/XXXX?token=abc&x=1#frag',
      '{"json": true, "n": [1, 2]}',
    ];
    for (const value of tricky) {
      const entries = [{ name: 'VALUE', value }];
      const text = serializeDotenv(entries);
      const parsed = parseDotenv(text);
      expect({ value, errors: parsed.errors }).toEqual({ value, errors: [] });
      expect(parsed.entries.map(({ name, value: v }) => ({ name, value: v }))).toEqual(entries);
      // One physical line per entry.
      expect(text.split('\n')).toHaveLength(2);
    }
  });

  it('round-trips random values built from tricky characters (seeded, property style)', () => {
    const alphabet = [
      'a',
      'Z',
      '0',
      '_',
      '-',
      '.',
      '/',
      ':',
      '@',
      '%',
      '+',
      ',',
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      '#',
      ' #',
      '"',
      "'",
      '`',
      '=',
      '$',
      '${X}',
      '\\',
      '\\n',
      '\\"',
      'é',
      '✓',
      '🔑',
      '\u00a0',
      '\u2028',
      '\u0000',
      'export ',
    ];
    let seed = 0x5eed;
    const random = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let run = 0; run < 500; run++) {
      const count = 1 + Math.floor(random() * 6);
      const entries = Array.from({ length: count }, (_, i) => {
        const length = Math.floor(random() * 24);
        let value = '';
        for (let j = 0; j < length; j++) value += alphabet[Math.floor(random() * alphabet.length)];
        return { name: `VAR_${i}`, value };
      });
      const parsed = parseDotenv(serializeDotenv(entries));
      expect(parsed.errors).toEqual([]);
      expect(parsed.entries.map(({ name, value }) => ({ name, value }))).toEqual(entries);
    }
  });

  it('reads back what it parsed: parse → serialize → parse gives the same entries', () => {
    const pasted = [
      '# pasted from a project',
      'export DATABASE_URL=postgres://app:secret@db:5432/app',
      "SINGLE='literal \\n $X'",
      'DOUBLE="a\\tb\\nc"',
      `PEM="${PEM}"`,
      'EMPTY=',
      'INLINE=value # comment',
    ].join('\r\n');
    const first = parseDotenv(pasted);
    expect(first.errors).toEqual([]);
    const second = parseDotenv(serializeDotenv(first.entries));
    expect(second.entries.map(({ name, value }) => ({ name, value }))).toEqual(first.entries.map(({ name, value }) => ({ name, value })));
  });
});
